// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Memory of system-ram devices: the device's blocks found directly
 * (memory<N>, N = address / block size) among unrelated blocks, per
 * mapping or from [resource, resource + size - 1]; online, online without
 * movable and offline return the number of blocks changed and write the
 * right word to each block's state; counts, movable, errors and fallbacks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "fakekernel.h"

#define MEM "sys/devices/system/memory"
#define DAX00 "sys/devices/platform/hmem.0/dax0.0"
#define DAX02 "sys/devices/platform/hmem.0/dax0.2"

static int teardown_fk(void **state)
{
	fk_detach();
	return teardown_env(state);
}

static struct daxctl_memory *mem_of(struct env *env, const char *devname)
{
	struct daxctl_dev *dev = find_dev(env->ctx, devname);

	assert_non_null(dev);
	return daxctl_dev_get_memory(dev);
}

static void set_block(struct env *env, int n, const char *state,
		const char *zones)
{
	char path[128];

	snprintf(path, sizeof(path), MEM "/memory%d/state", n);
	assert_int_equal(ft_writef(env->ft, path, "%s\n", state), 0);
	snprintf(path, sizeof(path), MEM "/memory%d/valid_zones", n);
	assert_int_equal(ft_writef(env->ft, path, "%s\n", zones), 0);
}

/* what was written to memory<n>/state, or NULL */
static const char *written(int n)
{
	char suffix[64];

	snprintf(suffix, sizeof(suffix), "/memory%d/state", n);
	return fk_written(suffix);
}

static void test_memory_basics(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.0");

	assert_non_null(mem);
	assert_ptr_equal(daxctl_memory_get_dev(mem), find_dev(env->ctx,
			"dax0.0"));
	assert_string_equal(daxctl_memory_get_node_path(mem),
			"/sys/devices/system/node/node1");
	assert_int_equal(daxctl_memory_get_block_size(mem), 128 * FT_MIB);
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
	assert_int_equal(daxctl_memory_is_online(mem), 8);
	assert_int_equal(daxctl_memory_is_movable(mem), 1);
	/* the same object on every call */
	assert_ptr_equal(mem_of(env, "dax0.0"), mem);

	mem = mem_of(env, "dax0.1");
	assert_non_null(mem);
	assert_int_equal(daxctl_memory_num_sections(mem), 2);
	assert_int_equal(daxctl_memory_is_online(mem), 2);
	/* online in ZONE_NORMAL */
	assert_int_equal(daxctl_memory_is_movable(mem), 0);
	/* not system-ram: no memory object */
	assert_null(mem_of(env, "dax0.2"));
}

static void test_direct_blocks(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.0");

	/* neighbours on the same node, right before and right after */
	assert_int_equal(ft_memblocks_add(env->ft, 39, 1, 1, "offline",
			"Movable", 1), 0);
	assert_int_equal(ft_memblocks_add(env->ft, 48, 1, 1, "offline",
			"Movable", 1), 0);
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
	assert_int_equal(daxctl_memory_is_online(mem), 8);
	assert_int_equal(daxctl_memory_is_movable(mem), 1);
	/* no node scan and no phys_index needed: remove both */
	assert_int_equal(ft_remove(env->ft, "sys/devices/system/node/node1"),
			0);
	assert_int_equal(ft_remove(env->ft, MEM "/memory43/phys_index"), 0);
	/* README row D15: blocks indexed as memory<address / block size> */
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
	assert_int_equal(daxctl_memory_is_online(mem), 8);
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_online(mem), 0);
	assert_int_equal(fk_count(), 0);
}

static void test_online_mix(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.0");
	int n;

	/* 40..42 offline, 43..47 online movable */
	for (n = 40; n <= 42; n++)
		set_block(env, n, "offline", "Normal Movable");
	assert_int_equal(daxctl_memory_is_online(mem), 5);
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
	/* an offline block has no zone: unknown */
	assert_true(daxctl_memory_is_movable(mem) < 0);

	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_online(mem), 3);
	for (n = 40; n <= 42; n++)
		assert_string_equal(written(n), "online_movable");
	for (n = 43; n <= 47; n++)
		assert_null(written(n));
	assert_int_equal(fk_count(), 3);
	/* nothing outside the device was touched */
	assert_int_equal(fk_count_writes("/memory39/state"), 0);
	assert_int_equal(daxctl_memory_is_online(mem), 8);
	assert_int_equal(daxctl_memory_is_movable(mem), 1);
	/* again: nothing to do */
	fk_reset_log();
	assert_int_equal(daxctl_memory_online(mem), 0);
	assert_int_equal(fk_count(), 0);
}

static void test_offline_then_no_movable(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.0");
	int n;

	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_offline(mem), 8);
	for (n = 40; n <= 47; n++)
		assert_string_equal(written(n), "offline");
	assert_int_equal(fk_count(), 8);
	assert_int_equal(daxctl_memory_is_online(mem), 0);
	assert_int_equal(daxctl_dev_has_online_memory(
			daxctl_memory_get_dev(mem)), 0);
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
	/* offline again: 0 changed */
	fk_reset_log();
	assert_int_equal(daxctl_memory_offline(mem), 0);
	assert_int_equal(fk_count(), 0);

	/* online without movable: "online", the kernel's default zone */
	assert_int_equal(daxctl_memory_online_no_movable(mem), 8);
	for (n = 40; n <= 47; n++)
		assert_string_equal(written(n), "online");
	assert_int_equal(daxctl_memory_is_online(mem), 8);
	assert_int_equal(daxctl_memory_is_movable(mem), 0);
}

static void test_offline_partial(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.0");

	set_block(env, 44, "offline", "Normal Movable");
	set_block(env, 45, "offline", "Normal Movable");
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_offline(mem), 6);
	assert_null(written(44));
	assert_null(written(45));
	assert_string_equal(written(40), "offline");
	assert_string_equal(written(47), "offline");
}

static void test_offline_not_removable(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.1");

	/* dax0.1's blocks say removable 0: never written */
	fk_attach(env->ft, true);
	assert_true(daxctl_memory_offline(mem) < 0);
	assert_null(written(56));
	assert_null(written(57));
	assert_int_equal(daxctl_memory_is_online(mem), 2);
}

static void test_state_write_refused(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.0");
	int rc;

	set_block(env, 41, "offline", "Normal Movable");
	set_block(env, 42, "offline", "Normal Movable");
	fk_attach(env->ft, true);
	fk_fail("/memory41/state", EBUSY);
	rc = daxctl_memory_online(mem);
	assert_int_equal(rc, -EBUSY);
	/* the other offline block was still tried */
	assert_string_equal(written(42), "online_movable");
	fk_fail("/memory44/state", EAGAIN);
	assert_int_equal(daxctl_memory_offline(mem), -EAGAIN);
}

/* EBUSY from offlining is tried 3 times, each try and the end logged */
static void test_offline_busy_retries(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.0");
	struct logcap *log = env_log(env);
	struct timespec t0, t1;
	long long ms;

	daxctl_set_log_priority(env->ctx, LOG_INFO);
	fk_attach(env->ft, true);
	fk_fail("/memory44/state", EBUSY);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(daxctl_memory_offline(mem), -EBUSY);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* README row D21: a block answering EBUSY is tried 3 times */
	assert_int_equal(fk_count_writes("/memory44/state"), 3);
	assert_int_equal(fk_count_writes("/memory43/state"), 1);
	/* README row D21: 100 ms apart, i.e. two pauses between the 3 tries */
	ms = (t1.tv_sec - t0.tv_sec) * 1000LL +
		(t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms >= 200);
	assert_int_equal(daxctl_memory_is_online(mem), 1);
	assert_non_null(strstr(log->all, "dax0.0: memory44: offline try 1 of 3: Device or resource busy"));
	assert_non_null(strstr(log->all, "dax0.0: memory44: offline try 3 of 3"));
	/* README row D21: the block left online logged with zone, removable, errno */
	assert_non_null(strstr(log->all, "dax0.0: memory44 will not go offline: zone Movable, removable 1, Device or resource busy after 3 tries"));
	/* the kernel's answer changes: the next call gets through */
	fk_clear_fail();
	assert_int_equal(daxctl_memory_offline(mem), 1);
	assert_int_equal(daxctl_memory_is_online(mem), 0);
}

/* a block that says removable 0 is named with its zone, never written */
static void test_offline_not_removable_logged(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.1");
	struct logcap *log = env_log(env);

	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_offline(mem), -EBUSY);
	assert_int_equal(log->last_priority, LOG_ERR);
	/* README row D21: logged with its zone and removable flag */
	assert_non_null(strstr(log->all, "dax0.1: memory56 will not go offline: zone Normal, removable 0 (not tried)"));
}

/* kmem would add nothing: refused before binding, EINVAL like the kernel */
static void test_enable_ram_checks(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *dev;
	struct logcap *log;

	/* dax0.2: unbound, 64 MiB at 0x200000000, half a memory block */
	assert_int_equal(ft_writef(env->ft, DAX02 "/size", "%llu\n",
			64 * FT_MIB), 0);
	assert_int_equal(ft_writef(env->ft, DAX02 "/mapping0/end", "%#llx\n",
			0x200000000ULL + 64 * FT_MIB - 1), 0);
	assert_non_null(env_ctx(env));
	log = env_log(env);
	dev = find_dev(env->ctx, "dax0.2");
	assert_non_null(dev);
	fk_attach(env->ft, true);
	/* README row D21: no whole block: -EINVAL before binding */
	assert_int_equal(daxctl_dev_enable_ram(dev), -EINVAL);
	assert_int_equal(fk_count_writes("kmem/new_id") +
			fk_count_writes("kmem/bind"), 0);
	assert_non_null(strstr(log->all, "dax0.2: no whole 0x8000000-byte memory block in its ranges"));
	assert_false(daxctl_dev_is_enabled(dev));

	/* a whole block again, on a negative target node: the same refusal */
	assert_int_equal(ft_writef(env->ft, DAX02 "/target_node", "-1\n"), 0);
	assert_int_equal(ft_writef(env->ft, DAX02 "/size", "%llu\n",
			256 * FT_MIB), 0);
	assert_int_equal(ft_writef(env->ft, DAX02 "/mapping0/end", "%#llx\n",
			0x200000000ULL + 256 * FT_MIB - 1), 0);
	assert_non_null(env_ctx(env));
	log = env_log(env);
	dev = find_dev(env->ctx, "dax0.2");
	assert_non_null(dev);
	/* README row D21: negative target node: -EINVAL before binding */
	assert_int_equal(daxctl_dev_enable_ram(dev), -EINVAL);
	assert_int_equal(fk_count_writes("kmem/new_id") +
			fk_count_writes("kmem/bind"), 0);
	assert_non_null(strstr(log->all, "dax0.2: target_node is -1"));
}

static void test_mixed_zones(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.0");

	/* all online, one in Normal: not movable */
	set_block(env, 46, "online", "Normal");
	assert_int_equal(daxctl_memory_is_movable(mem), 0);
	assert_int_equal(daxctl_memory_is_online(mem), 8);
	/* a block whose zone list is not exactly "Movable" */
	set_block(env, 46, "online", "Movable Normal");
	assert_int_equal(daxctl_memory_is_movable(mem), 0);
	set_block(env, 46, "online", "Movable");
	assert_int_equal(daxctl_memory_is_movable(mem), 1);
}

static void test_no_mappings_uses_resource(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem;
	struct daxctl_ctx *ctx;

	assert_int_equal(ft_remove(env->ft, DAX00 "/mapping0"), 0);
	ctx = env_ctx(env);
	assert_non_null(ctx);
	mem = mem_of(env, "dax0.0");
	assert_non_null(mem);
	assert_null(daxctl_mapping_get_first(daxctl_memory_get_dev(mem)));
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
	assert_int_equal(daxctl_memory_is_online(mem), 8);
}

static void test_discontiguous(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem;
	struct daxctl_ctx *ctx;
	int n;

	/*
	 * dax0.0 made of two ranges: 40..43 and 60..63; the blocks 44..47
	 * (inside [resource, resource + size)) are not the device's.
	 */
	assert_int_equal(ft_write(env->ft, DAX00 "/mapping0/end",
			"0x15fffffff\n"), 0);
	assert_int_equal(ft_write(env->ft, DAX00 "/mapping1/start",
			"0x1e0000000\n"), 0);
	assert_int_equal(ft_write(env->ft, DAX00 "/mapping1/end",
			"0x1ffffffff\n"), 0);
	assert_int_equal(ft_write(env->ft, DAX00 "/mapping1/page_offset",
			"0x20000\n"), 0);
	assert_int_equal(ft_memblocks_add(env->ft, 60, 4, 1, "offline",
			"Normal Movable", 1), 0);
	for (n = 44; n <= 47; n++)
		set_block(env, n, "offline", "Normal Movable");
	ctx = env_ctx(env);
	assert_non_null(ctx);
	mem = mem_of(env, "dax0.0");
	assert_int_equal(count_mappings(daxctl_memory_get_dev(mem)), 2);
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
	assert_int_equal(daxctl_memory_is_online(mem), 4);
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_online(mem), 4);
	for (n = 60; n <= 63; n++)
		assert_string_equal(written(n), "online_movable");
	for (n = 44; n <= 47; n++)
		assert_null(written(n));
}

static void test_blocks_gone(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.1");

	/* hot-removed blocks just are not there */
	assert_int_equal(ft_remove(env->ft, MEM "/memory57"), 0);
	assert_int_equal(daxctl_memory_num_sections(mem), 1);
	assert_int_equal(ft_remove(env->ft, MEM "/memory56"), 0);
	assert_int_equal(daxctl_memory_num_sections(mem), 0);
	assert_int_equal(daxctl_memory_is_online(mem), 0);
	/* nothing to online at all is an error */
	assert_true(daxctl_memory_online(mem) < 0);
}

static void test_no_block_size(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *dev = find_dev(env->ctx, "dax0.0");

	assert_int_equal(ft_remove(env->ft, MEM "/block_size_bytes"), 0);
	assert_null(daxctl_dev_get_memory(dev));
	assert_int_equal(daxctl_dev_has_online_memory(dev), 0);
	/* garbage and zero */
	assert_int_equal(ft_write(env->ft, MEM "/block_size_bytes", "zz\n"),
			0);
	assert_null(daxctl_dev_get_memory(dev));
	assert_int_equal(ft_write(env->ft, MEM "/block_size_bytes", "0\n"),
			0);
	assert_null(daxctl_dev_get_memory(dev));
	/* then readable: the object appears */
	assert_int_equal(ft_write(env->ft, MEM "/block_size_bytes",
			"8000000\n"), 0);
	assert_non_null(daxctl_dev_get_memory(dev));
}

static void test_no_target_node(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem;

	assert_int_equal(ft_remove(env->ft, DAX00 "/target_node"), 0);
	assert_non_null(env_ctx(env));
	mem = mem_of(env, "dax0.0");
	assert_non_null(mem);
	assert_null(daxctl_memory_get_node_path(mem));
	/* blocks are found without the node */
	assert_int_equal(daxctl_memory_num_sections(mem), 8);
}

/*
 * A tree of its own: block size 128 MiB, boot memory blocks 0..15 and
 * 64 online on node 0, and dax0.0 on kmem, node 0, with the ranges given.
 */
static struct env *partial_env(const unsigned long long (*ranges)[2],
		int nranges)
{
	struct env *env = env_new(NULL);
	struct ft_region r = {
		.parent = "platform/hmem.0", .id = 0, .size = 8 * FT_GIB,
		.align = 2 * FT_MIB, .dynamic = true,
	};
	struct ft_dev d = {
		.parent = "platform/hmem.0", .region = 0, .id = 0,
		.resource = ranges[0][0], .align = 2 * FT_MIB,
		.target_node = 0, .major = 252, .driver = "kmem",
		.dynamic = true,
	};
	int i;

	assert_non_null(env);
	assert_int_equal(ft_skeleton(env->ft), 0);
	assert_int_equal(ft_region_add(env->ft, &r), 0);
	for (i = 0; i < nranges; i++)
		d.size += ranges[i][1];
	assert_int_equal(ft_dev_add(env->ft, &d), 0);
	for (i = 0; i < nranges; i++)
		assert_int_equal(ft_mapping_add(env->ft, &d, i, ranges[i][0],
				ranges[i][0] + ranges[i][1] - 1, 0), 0);
	assert_int_equal(ft_memblocks_add(env->ft, 0, 16, 0, "online",
			"Normal", 1), 0);
	assert_int_equal(ft_memblocks_add(env->ft, 64, 1, 0, "online",
			"Normal", 1), 0);
	assert_non_null(env_ctx(env));
	return env;
}

/*
 * kmem hot-adds only the blocks wholly inside a range. Device at 4 GiB of
 * 4 GiB + 64 MiB: blocks 32..63 are its own (offline here); block 64
 * holds its last 64 MiB but is boot memory of the same node, online, and
 * must never be counted or offlined.
 */
static void test_partly_covered_tail(void **state)
{
	static const unsigned long long ranges[][2] = {
		{ 4 * FT_GIB, 4 * FT_GIB + 64 * FT_MIB },
	};
	struct env *env = partial_env(ranges, 1);
	struct daxctl_memory *mem;
	int n;

	(void)state;
	assert_int_equal(ft_memblocks_add(env->ft, 32, 32, 0, "offline",
			"Normal Movable", 1), 0);
	mem = mem_of(env, "dax0.0");
	assert_non_null(mem);
	assert_int_equal(daxctl_memory_num_sections(mem), 32);
	assert_int_equal(daxctl_memory_is_online(mem), 0);
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_offline(mem), 0);
	assert_null(written(64));
	assert_int_equal(daxctl_memory_online(mem), 32);
	for (n = 32; n <= 63; n++)
		assert_string_equal(written(n), "online_movable");
	assert_null(written(64));
	assert_int_equal(daxctl_memory_is_online(mem), 32);
	assert_int_equal(daxctl_memory_offline(mem), 32);
	assert_null(written(64));
	assert_string_equal(file_str(env->ft, MEM "/memory64/state"),
			"online");
	fk_detach();
	env_free(env);
}

/*
 * Two ranges, [4 GiB, +192 MiB) and [5 GiB + 64 MiB, +192 MiB): the only
 * whole blocks are 32 and 41; 33, 40 and 42 are partly covered.
 */
static void test_partly_covered_ranges(void **state)
{
	static const unsigned long long ranges[][2] = {
		{ 4 * FT_GIB, 192 * FT_MIB },
		{ 5 * FT_GIB + 64 * FT_MIB, 192 * FT_MIB },
	};
	struct env *env = partial_env(ranges, 2);
	struct daxctl_memory *mem;
	int n;

	(void)state;
	assert_int_equal(ft_memblocks_add(env->ft, 32, 1, 0, "online",
			"Movable", 1), 0);
	assert_int_equal(ft_memblocks_add(env->ft, 41, 1, 0, "online",
			"Movable", 1), 0);
	/* the partly covered neighbours: other memory, online */
	assert_int_equal(ft_memblocks_add(env->ft, 33, 1, 0, "online",
			"Normal", 1), 0);
	assert_int_equal(ft_memblocks_add(env->ft, 40, 1, 0, "online",
			"Normal", 1), 0);
	assert_int_equal(ft_memblocks_add(env->ft, 42, 1, 0, "online",
			"Normal", 1), 0);
	mem = mem_of(env, "dax0.0");
	assert_non_null(mem);
	assert_int_equal(daxctl_memory_num_sections(mem), 2);
	assert_int_equal(daxctl_memory_is_online(mem), 2);
	assert_int_equal(daxctl_memory_is_movable(mem), 1);
	fk_attach(env->ft, true);
	assert_int_equal(daxctl_memory_offline(mem), 2);
	assert_string_equal(written(32), "offline");
	assert_string_equal(written(41), "offline");
	for (n = 33; n <= 40; n++)
		assert_null(written(n));
	assert_null(written(42));
	assert_int_equal(fk_count(), 2);
	fk_detach();
	env_free(env);
}

/* A range smaller than one block, or inside one: no block at all. */
static void test_no_whole_block(void **state)
{
	static const unsigned long long ranges[][2] = {
		{ 4 * FT_GIB + 2 * FT_MIB, 124 * FT_MIB },
	};
	struct env *env = partial_env(ranges, 1);
	struct daxctl_memory *mem;

	(void)state;
	assert_int_equal(ft_memblocks_add(env->ft, 32, 1, 0, "online",
			"Normal", 1), 0);
	mem = mem_of(env, "dax0.0");
	assert_non_null(mem);
	assert_int_equal(daxctl_memory_num_sections(mem), 0);
	assert_int_equal(daxctl_memory_is_online(mem), 0);
	fk_attach(env->ft, true);
	assert_true(daxctl_memory_offline(mem) < 0);
	assert_int_equal(fk_count(), 0);
	fk_detach();
	env_free(env);
}

static void test_memory_null_args(void **state)
{
	(void)state;
	assert_null(daxctl_memory_get_dev(NULL));
	assert_null(daxctl_memory_get_node_path(NULL));
	assert_int_equal(daxctl_memory_get_block_size(NULL), 0);
	assert_true(daxctl_memory_online(NULL) < 0);
	assert_true(daxctl_memory_online_no_movable(NULL) < 0);
	assert_true(daxctl_memory_offline(NULL) < 0);
	assert_true(daxctl_memory_is_online(NULL) < 0);
	assert_true(daxctl_memory_num_sections(NULL) < 0);
	assert_true(daxctl_memory_is_movable(NULL) < 0);
}

/* A write through write(2) to a tree path, as the library makes them: the
 * fake kernel logs it. */
static void tree_write(struct env *env, const char *path, const char *val)
{
	int fd = open(ft_path(env->ft, "%s", path), O_WRONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, val, strlen(val)), (ssize_t)strlen(val));
	close(fd);
}

/* The write-ownership checker (owned.h) can fail: writes of a call on
 * dax0.1 (blocks 56..57) to what it owns pass, writes to anything else
 * (another device's block, a boot block, another device's attribute, a
 * driver or region write naming another device) are each caught. */
static void test_ownership_checker(void **state)
{
	struct env *env = *state;
	struct daxctl_dev *d1 = find_dev(env->ctx, "dax0.1");
	struct wo_call *c;
	char msg[2048];

	assert_non_null(d1);
	fk_attach(env->ft, false);
	c = wo_begin("owned writes", WO_DEV, NULL, d1);
	assert_non_null(c);
	tree_write(env, MEM "/memory56/state", "offline");
	tree_write(env, MEM "/memory57/state", "online_movable");
	tree_write(env, "sys/devices/platform/hmem.0/dax0.1/align", "2097152");
	tree_write(env, "sys/bus/dax/drivers/kmem/unbind", "dax0.1");
	tree_write(env, "sys/bus/dax/drivers/device_dax/new_id", "dax0.1");
	assert_int_equal(fk_count(), 5);
	assert_int_equal(wo_check(c, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
	wo_free(c);

	c = wo_begin("unowned writes", WO_DEV, NULL, d1);
	assert_non_null(c);
	tree_write(env, MEM "/memory40/state", "offline");
	tree_write(env, MEM "/memory15/state", "offline");
	tree_write(env, DAX00 "/size", "0");
	tree_write(env, "sys/bus/dax/drivers/kmem/unbind", "dax0.0");
	tree_write(env, "sys/devices/platform/hmem.0/dax_region/delete",
			"dax0.1");
	assert_int_equal(wo_check(c, msg, sizeof(msg)), 5);
	assert_non_null(strstr(msg, "/memory40/state offline: memory block 40 is not in the ranges of dax0.1"));
	assert_non_null(strstr(msg, "memory block 15 is not in the ranges"));
	assert_non_null(strstr(msg, "dax0.0/size 0: outside every target"));
	assert_non_null(strstr(msg, "driver unbind of dax0.0, not a target"));
	assert_non_null(strstr(msg, "delete of dax0.1 by unowned writes"));
	wo_free(c);
	fk_detach();
}

/* a library call whose log function writes to dax0.0's memory block
 * 40: the wrapped call (owned.h) sees the write as the call's own */
static struct env *inject_env;

static void inject_fn(struct daxctl_ctx *ctx, int priority, const char *file,
		int line, const char *fn, const char *format, va_list args)
{
	(void)ctx;
	(void)priority;
	(void)file;
	(void)line;
	(void)fn;
	(void)format;
	(void)args;
	tree_write(inject_env, MEM "/memory40/state", "offline");
}

static void test_ownership_wrapped_call(void **state)
{
	struct env *env = *state;
	struct daxctl_memory *mem = mem_of(env, "dax0.1");
	int calls = wo_calls();

	inject_env = env;
	fk_attach(env->ft, false);
	/* memory56 is not removable: the call logs an error */
	wo_expect_unowned(true);
	assert_int_equal(daxctl_memory_offline(mem), -EBUSY);
	assert_int_equal(wo_unowned(), 0);
	daxctl_set_log_fn(env->ctx, inject_fn);
	assert_int_equal(daxctl_memory_offline(mem), -EBUSY);
	/* one write for each message the call logged */
	assert_true(fk_count_writes("/memory40/state") >= 1);
	assert_int_equal(wo_unowned(), fk_count_writes("/memory40/state"));
	wo_expect_unowned(false);
	assert_int_equal(wo_calls(), calls + 2);
	daxctl_set_log_fn(env->ctx, logcap_fn);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_kmem, teardown_fk)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_memory_basics),
		T(test_direct_blocks),
		T(test_online_mix),
		T(test_offline_then_no_movable),
		T(test_offline_partial),
		T(test_offline_not_removable),
		T(test_state_write_refused),
		T(test_offline_busy_retries),
		T(test_offline_not_removable_logged),
		T(test_enable_ram_checks),
		T(test_mixed_zones),
		T(test_no_mappings_uses_resource),
		T(test_discontiguous),
		T(test_blocks_gone),
		T(test_no_block_size),
		T(test_no_target_node),
		T(test_ownership_checker),
		T(test_ownership_wrapped_call),
		cmocka_unit_test(test_memory_null_args),
		cmocka_unit_test(test_partly_covered_tail),
		cmocka_unit_test(test_partly_covered_ranges),
		cmocka_unit_test(test_no_whole_block),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
