// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stress-walk: the tree changes under the walk. A child process mutates a
 * fake tree on tmpfs (stress_mutate: devices, mappings and memory blocks
 * created, removed and renamed, attributes rewritten with garbage) for as
 * long as the parent walks it, alternately through the library
 * (stress_walk) and through "daxctl list -RDMi" (stress_check_json).
 *
 * Bounded by count and by time: STRESS_ITERATIONS walks (default 4000;
 * every 4th is a daxctl list), or STRESS_SECONDS (default 25), whichever
 * comes first. How far it got is reported, never judged: it passes when
 * no walk crashed or was inconsistent, every listing was JSON, and the
 * mutator really changed the tree (it reports how often, per kind).
 * STRESS_SEED replays a run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"

#ifndef DAXCTL_BIN
#define DAXCTL_BIN "daxctl/daxctl"
#define DAXCTL_BIN_DIRECT "daxctl/.libs/daxctl"
#define DAXCTL_LIBDIR "libdaxctl/.libs"
#endif


/* a tmpfs directory for the tree when there is one, else TMPDIR */
static void pick_tmpdir(void)
{
	struct stat st;

	if (getenv("STRESS_TMPDIR"))
		setenv("TMPDIR", getenv("STRESS_TMPDIR"), 1);
	else if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
		 access("/dev/shm", W_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 1);
}

static char *slurp(int fd)
{
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap);
	ssize_t n;

	if (!buf)
		return NULL;
	for (;;) {
		if (len + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return buf;
}

/* run daxctl list -RDMi; 0 when it exited normally with a consistent
 * JSON listing and no sanitizer report */
static int list_once(const char *errfile, char *why, size_t len)
{
	int pfd[2], status, rc, efd;
	char *out, *err;
	pid_t pid;

	if (pipe(pfd) < 0) {
		snprintf(why, len, "pipe: %m");
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		efd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(pfd[1], 1);
		if (efd >= 0)
			dup2(efd, 2);
		close(pfd[0]);
		close(pfd[1]);
		/* the binary itself when libtool left one: its shell wrapper
		 * costs more than the listing */
		if (access(DAXCTL_BIN_DIRECT, X_OK) == 0) {
			setenv("LD_LIBRARY_PATH", DAXCTL_LIBDIR, 1);
			execl(DAXCTL_BIN_DIRECT, "daxctl", "list", "-RDMi",
			      (char *)NULL);
		}
		execl(DAXCTL_BIN, "daxctl", "list", "-RDMi", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	out = slurp(pfd[0]);
	close(pfd[0]);
	waitpid(pid, &status, 0);
	efd = open(errfile, O_RDONLY);
	err = efd >= 0 ? slurp(efd) : NULL;
	if (efd >= 0)
		close(efd);
	rc = 0;
	if (WIFSIGNALED(status)) {
		snprintf(why, len, "daxctl list -RDMi died of signal %d: %.300s",
			 WTERMSIG(status), err ? err : "");
		rc = -1;
	} else if (WEXITSTATUS(status) == 127) {
		snprintf(why, len, "cannot run %s", DAXCTL_BIN);
		rc = -1;
	} else if (err && (strstr(err, "Sanitizer") || strstr(err, "runtime error"))) {
		snprintf(why, len, "daxctl list -RDMi: %.600s", err);
		rc = -1;
	} else if (!out) {
		snprintf(why, len, "out of memory");
		rc = -1;
	} else {
		rc = stress_check_json(out, why, len);
	}
	free(out);
	free(err);
	return rc;
}

int main(void)
{
	unsigned long iterations = stress_env_ul("STRESS_ITERATIONS", 4000);
	double seconds = (double)stress_env_ul("STRESS_SECONDS", 25);
	unsigned int seed = (unsigned int)stress_env_ul("STRESS_SEED",
						 (unsigned long)time(NULL));
	unsigned long *counts, walks = 0, lists = 0, total = 0, i;
	struct stress_stats st = { 0 };
	char why[1024], errfile[4200];
	struct faketree *ft;
	int fails = 0, k;
	double t0, t, tw = 0, tl = 0, ts;
	pid_t child;

	setvbuf(stdout, NULL, _IOLBF, 0);
	pick_tmpdir();
	ft = ft_new();
	if (!ft || stress_tree_build(ft) < 0) {
		printf("FAIL: cannot build the tree\n");
		return 99;
	}
	ft_activate(ft);
	snprintf(errfile, sizeof(errfile), "%s/list.err", ft->root);
	printf("# tree %s, seed %u, at most %lu walks or %.0f s\n", ft->root,
	       seed, iterations, seconds);

	/* the mutator's counters, per kind, shared with the parent */
	counts = mmap(NULL, sizeof(*counts) * STRESS_NKINDS,
		      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counts == MAP_FAILED) {
		printf("FAIL: mmap\n");
		return 99;
	}
	memset(counts, 0, sizeof(*counts) * STRESS_NKINDS);
	child = fork();
	if (child < 0) {
		printf("FAIL: fork\n");
		return 99;
	}
	if (child == 0) {
		unsigned int cseed = seed * 2654435761u + 1;
		pid_t parent = getppid();

		/* the walker must get its share of a loaded machine */
		if (nice(10) < 0)
			(void)0;

		/* until the walker is done (or gone) */
		while (getppid() == parent)
			__atomic_add_fetch(&counts[stress_mutate(ft, &cseed)],
					   1, __ATOMIC_RELAXED);
		_exit(0);
	}

	t0 = stress_now();
	for (i = 0; i < iterations && stress_now() - t0 < seconds; i++) {
		ts = stress_now();
		if (i % 4 == 3) {
			lists++;
			k = list_once(errfile, why, sizeof(why));
			tl += stress_now() - ts;
		} else {
			walks++;
			k = stress_walk(&st, why, sizeof(why));
			tw += stress_now() - ts;
		}
		if (k < 0 && fails++ < 10)
			printf("FAIL: iteration %lu (%s): %s\n", i,
			       i % 4 == 3 ? "daxctl list -RDMi" : "library walk",
			       why);
	}
	t = stress_now() - t0;
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);

	for (k = 0; k < STRESS_NKINDS; k++) {
		total += counts[k];
		printf("# mutations: %-20s %lu\n", stress_kind_names[k], counts[k]);
	}
	printf("# %.2f ms per library walk, %.2f ms per daxctl list\n",
	       walks ? tw * 1000 / walks : 0, lists ? tl * 1000 / lists : 0);
	printf("# %lu library walks, %lu daxctl list -RDMi in %.1f s; %lu mutations; seen %lu regions, %lu devices, %lu mappings, %lu memory objects, %lu blocks\n",
	       walks, lists, t, total, st.regions, st.devs, st.mappings,
	       st.memories, st.blocks);
	if (total == 0) {
		printf("FAIL: the mutator changed nothing\n");
		fails++;
	}
	if (walks == 0 || lists == 0) {
		printf("FAIL: no walk of each kind ran\n");
		fails++;
	}
	ft_free(ft);
	printf("%d failed (seed %u)\n", fails, seed);
	return fails ? 1 : 0;
}
