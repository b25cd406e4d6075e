// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daxctl: enumerate and provision Linux device-dax instances.
 * This file holds main(), the command table, help and option plumbing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>

#include "daxctl.h"

static int cmd_version(int argc, char **argv, struct daxctl_ctx *ctx);
static int cmd_help(int argc, char **argv, struct daxctl_ctx *ctx);

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct daxctl_ctx *ctx);
	bool needs_ctx;
	const char *summary;
};

static const struct command commands[] = {
	{ "version", cmd_version, false, "print the daxctl version" },
	{ "list", cmd_list, true, "list regions and devices as JSON" },
	{ "help", cmd_help, false, "show help for daxctl or a command" },
	{ "migrate-device-model", cmd_migrate, false,
		"install the modprobe policy for the dax bus model" },
	{ "create-device", cmd_create, true,
		"create a device in a dynamic region" },
	{ "destroy-device", cmd_destroy, true, "destroy a device" },
	{ "reconfigure-device", cmd_reconfig, true,
		"change a device's mode, size or alignment" },
	{ "online-memory", cmd_online, true,
		"online the memory of a system-ram device" },
	{ "offline-memory", cmd_offline, true,
		"offline the memory of a system-ram device" },
	{ "disable-device", cmd_disable, true, "unbind a device's driver" },
	{ "enable-device", cmd_enable, true, "bind a device to device_dax" },
	{ "monitor", cmd_monitor, false,
		"print dax and memory block events as JSON lines" },
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char main_usage[] =
	"daxctl [--version] [--help] COMMAND [ARGS]";

static void usage_main(FILE *f)
{
	size_t i;

	fprintf(f, "\n usage: %s\n\n", main_usage);
	fprintf(f, " Commands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "   %-22s %s\n", commands[i].name,
				commands[i].summary);
	fprintf(f, "\n See 'daxctl help COMMAND' for more information on "
			"a specific command.\n\n");
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* ---- the option table machinery ---- */

#define MAX_OPTS 24

static int build_options(const struct cmd_desc *cmd, struct option *lopts,
		char *sopts, size_t sopts_len)
{
	size_t s = 0;
	int i, n = 0;

	sopts[s++] = ':';	/* report a missing argument as ':' */
	for (i = 0; i < cmd->nr_opts && n < MAX_OPTS - 2; i++) {
		const struct cmd_opt *o = &cmd->opts[i];

		lopts[n++] = (struct option){ o->name, o->has_arg, NULL,
			o->val };
		if (o->val < 256 && s + 3 < sopts_len) {
			sopts[s++] = (char)o->val;
			if (o->has_arg == required_argument)
				sopts[s++] = ':';
		}
	}
	lopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	lopts[n] = (struct option){ NULL, 0, NULL, 0 };
	if (s + 2 < sopts_len)
		sopts[s++] = 'h';
	sopts[s] = '\0';
	return n;
}

int cmd_getopt(const struct cmd_desc *cmd, int argc, char **argv)
{
	struct option lopts[MAX_OPTS];
	char sopts[2 * MAX_OPTS + 4];
	int c, idx = -1;

	build_options(cmd, lopts, sopts, sizeof(sopts));
	opterr = 0;
	c = getopt_long(argc, argv, sopts, lopts, &idx);
	switch (c) {
	case 'h':
		/* -h: usage on stderr like a usage error; --help: stdout */
		if (idx >= 0 && strcmp(lopts[idx].name, "help") == 0) {
			cmd_usage(cmd, true);
			exit(0);
		}
		cmd_usage(cmd, false);
		exit(EXIT_USAGE);
	case ':':
		return usage_error(cmd, "option '%s' requires an argument",
				argv[optind - 1]);
	case '?':
		if (optopt)
			return usage_error(cmd, "unknown option '-%c'", optopt);
		return usage_error(cmd, "unknown option '%s'",
				argv[optind - 1]);
	default:
		return c;
	}
}

void cmd_usage(const struct cmd_desc *cmd, bool to_stdout)
{
	FILE *f = to_stdout ? stdout : stderr;
	int i;

	fprintf(f, "\n usage: daxctl %s\n\n", cmd->synopsis);
	for (i = 0; i < cmd->nr_opts; i++) {
		const struct cmd_opt *o = &cmd->opts[i];
		char left[80];
		int len;

		if (o->val < 256)
			len = snprintf(left, sizeof(left), "    -%c, --%s%s%s",
					o->val, o->name, o->argname ? " " : "",
					o->argname ? o->argname : "");
		else
			len = snprintf(left, sizeof(left), "        --%s%s%s",
					o->name, o->argname ? " " : "",
					o->argname ? o->argname : "");
		if (len > 24)
			fprintf(f, "%s\n%26s%s\n", left, "", o->help);
		else
			fprintf(f, "%-26s%s\n", left, o->help);
	}
	fprintf(f, "\n");
}

int usage_error(const struct cmd_desc *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "daxctl %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cmd_usage(cmd, false);
	return '?';
}

/* ---- version and help ---- */

static int cmd_version(int argc, char **argv, struct daxctl_ctx *ctx)
{
	printf("%s\n", PACKAGE_VERSION);
	return 0;
}

static int cmd_help(int argc, char **argv, struct daxctl_ctx *ctx)
{
	const struct command *c;
	char page[64];

	if (argc < 2) {
		usage_main(stdout);
		return 0;
	}
	c = find_command(argv[1]);
	if (!c) {
		err("daxctl help: unknown command '%s'", argv[1]);
		return EXIT_USAGE;
	}
	if (c->fn == cmd_help || c->fn == cmd_version) {
		usage_main(stdout);
		return 0;
	}
	/* On a terminal show the manual; anywhere else, or without it, the
	 * option summary. */
	snprintf(page, sizeof(page), "daxctl-%s", c->name);
	if (isatty(STDOUT_FILENO)) {
		fflush(NULL);
		execlp("man", "man", page, (char *)NULL);
	}
	{
		char *args[] = { (char *)c->name, (char *)"--help", NULL };

		optind = 0;
		return c->fn(2, args, NULL);
	}
}

int main(int argc, char **argv)
{
	const struct command *c;
	struct daxctl_ctx *ctx = NULL;
	char *conf;
	int rc;

	if (argc < 2) {
		usage_main(stderr);
		return 1;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-v") == 0)
		return cmd_version(argc - 1, argv + 1, NULL);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(argc - 1, argv + 1, NULL);
	if (strcmp(argv[1], "--list-cmds") == 0) {
		size_t i;

		for (i = 0; i < NR_COMMANDS; i++)
			printf("%s\n", commands[i].name);
		return 0;
	}
	if (argv[1][0] == '-') {
		err("daxctl: unknown option '%s'", argv[1]);
		usage_main(stderr);
		return EXIT_USAGE;
	}
	c = find_command(argv[1]);
	if (!c) {
		err("daxctl: unknown command '%s' (see 'daxctl help')",
				argv[1]);
		return 1;
	}
	if (c->needs_ctx) {
		rc = daxctl_new(&ctx);
		if (rc < 0) {
			err("daxctl: cannot create a library context: %s",
					strerror(-rc));
			return exit_status(rc);
		}
		/* the config directory of --check-config, for tests */
		conf = secure_getenv("DAXCTL_CONFIG_PATH");
		if (conf && *conf && daxctl_set_config_path(ctx, conf) < 0) {
			err("daxctl: cannot use config directory %s", conf);
			daxctl_unref(ctx);
			return exit_status(-ENOMEM);
		}
	}
	optind = 0;
	rc = c->fn(argc - 1, argv + 1, ctx);
	daxctl_unref(ctx);
	return rc;
}
