// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vm-kmem DEV: system-ram through libdaxctl on the real kernel.  DEV starts
 * enabled as devdax; it goes to kmem (libkmod loads the module), its memory
 * is onlined movable, offlined, onlined not movable, offlined, and DEV goes
 * back to devdax.  Block counts are checked against
 * /sys/devices/system/memory and MemTotal against /proc/meminfo.  While the
 * memory is online, daxctl_dev_disable() must refuse (EBUSY) and change
 * nothing (our library only: upstream unbinds and strands the memory).
 */
#include <daxctl/libdaxctl.h>
#include "vmtest.h"

#define MEMDIR "/sys/devices/system/memory"

static unsigned long long bs;

/* the blocks of the device's ranges that exist, and how many are online
 * and in zone "zone" (valid_zones exactly that) */
static int blocks(struct daxctl_dev *dev, int *online, const char *zone, int *inzone)
{
	struct daxctl_mapping *m;
	unsigned long long i;
	char buf[64];
	int n = 0;

	*online = 0;
	if (inzone)
		*inzone = 0;
	daxctl_mapping_foreach(dev, m) {
		for (i = daxctl_mapping_get_start(m) / bs;
		     i <= daxctl_mapping_get_end(m) / bs; i++) {
			if (sys_readf(buf, sizeof(buf), MEMDIR "/memory%llu/state", i) < 0)
				continue;
			n++;
			if (strcmp(buf, "online") == 0)
				(*online)++;
			if (inzone && sys_readf(buf, sizeof(buf), MEMDIR "/memory%llu/valid_zones", i) == 0 &&
			    strcmp(buf, zone) == 0)
				(*inzone)++;
		}
	}
	return n;
}

/*
 * daxctl_dev_disable() with memory online: ours refuses with -EBUSY and
 * leaves everything as it was.  Upstream's library (Debian's libdaxctl1)
 * unbinds kmem, and kernel 6.1 then leaves the memory online and
 * unreachable until reboot, wrecking the rest of the scenario: only run
 * against our library.  Also with a single block online: any online block
 * must block the disable.
 */
static void disable_while_online(struct daxctl_dev *dev, struct daxctl_memory *mem,
				 int n, unsigned long long mt)
{
	const char *name = daxctl_dev_get_devname(dev), *lib = getenv("DAXLIB");
	struct daxctl_mapping *m0 = daxctl_mapping_get_first(dev);
	unsigned long long first;
	char drv[64];
	int online, rc;

	if (!lib || strcmp(lib, "ours") != 0) {
		t_skip("upstream unbinds kmem and leaves the memory online until reboot",
		       "%s: disable with memory online (DAXLIB=%s)", name, lib ? lib : "unset");
		return;
	}
	t_errno(daxctl_dev_disable(dev), -EBUSY, "%s: disable with %d blocks online is EBUSY", name, n);
	t_ok(strcmp(dev_driver(name, drv, sizeof(drv)), "kmem") == 0,
	     "%s: still bound to kmem after the refused disable (%s)", name, drv);
	t_ok(daxctl_dev_is_enabled(dev), "%s: is_enabled still 1", name);
	blocks(dev, &online, NULL, NULL);
	t_is(online, n, "%s: every block still online in sysfs", name);
	t_is(daxctl_memory_is_online(mem), n, "%s: memory handle valid, is_online = %d", name, n);
	t_is(meminfo_kb("MemTotal"), mt, "%s: MemTotal unchanged by the refused disable", name);

	/* one block online, the others offline: still refused */
	rc = daxctl_memory_offline(mem);
	t_is(rc, n, "%s: memory_offline before the one-block case", name);
	first = m0 ? daxctl_mapping_get_start(m0) / bs : 0;
	while (m0 && first <= daxctl_mapping_get_end(m0) / bs &&
	       !sys_exists(MEMDIR "/memory%llu/state", first))
		first++;
	rc = sys_write("online_movable", MEMDIR "/memory%llu/state", first);
	t_errno(rc, 0, "%s: memory%llu onlined by a sysfs write", name, first);
	blocks(dev, &online, NULL, NULL);
	t_is(online, 1, "%s: one block online", name);
	t_errno(daxctl_dev_disable(dev), -EBUSY, "%s: disable with one block online is EBUSY", name);
	t_ok(strcmp(dev_driver(name, drv, sizeof(drv)), "kmem") == 0,
	     "%s: still bound to kmem (%s)", name, drv);
	t_is(meminfo_kb("MemTotal"), mt - (n - 1) * bs / 1024,
	     "%s: MemTotal still counts the online block", name);
	/* back to all online for the checks that follow */
	rc = daxctl_memory_online(mem);
	t_is(rc, n - 1, "%s: memory_online onlines the other %d blocks", name, n - 1);
	blocks(dev, &online, NULL, NULL);
	t_is(online, n, "%s: every block online again", name);
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "dax0.0";
	/* "no-normal": leave out the ZONE_NORMAL round trip (7.x, CPU-less node) */
	bool no_normal = argc > 2 && strcmp(argv[2], "no-normal") == 0;
	unsigned long long mt0, mt;
	int n, online, inzone, rc, tn;
	struct daxctl_memory *mem;
	struct daxctl_ctx *ctx;
	struct daxctl_dev *dev;
	char drv[64], want[128], buf[128];
	bool had_kmem = module_loaded("kmem");

	t_init("vm-kmem");
	bs = sys_u64(0, 16, MEMDIR "/block_size_bytes");
	if (!t_ok(bs > 0, "block_size_bytes readable (%#llx)", bs))
		return t_done();
	if (!t_ok(daxctl_new(&ctx) == 0, "daxctl_new"))
		return t_done();
	dev = find_dev(ctx, name);
	if (!t_ok(dev && strcmp(dev_driver(name, drv, sizeof(drv)), "device_dax") == 0,
		  "precondition: %s listed and on device_dax", name))
		return t_done();
	mt0 = meminfo_kb("MemTotal");
	tn = daxctl_dev_get_target_node(dev);

	t_errno(daxctl_dev_disable(dev), 0, "%s: disable", name);
	rc = daxctl_dev_enable_ram(dev);
	t_errno(rc, 0, "%s: enable_ram%s", name, had_kmem ? "" : " (kmem loaded by libkmod)");
	if (!had_kmem)
		t_ok(module_loaded("kmem"), "kmem module loaded by the library");
	t_ok(strcmp(dev_driver(name, drv, sizeof(drv)), "kmem") == 0,
	     "%s: bound to kmem in sysfs (%s)", name, drv);
	if (have_v11())
		t_ok(daxctl_dev_is_system_ram_mode(dev) &&
		     daxctl_dev_get_mode(dev) == DAXCTL_DEV_MODE_RAM, "%s: mode system-ram", name);
	mem = daxctl_dev_get_memory(dev);
	if (!t_ok(mem != NULL, "%s: get_memory", name))
		goto out;
	t_ok(daxctl_memory_get_dev(mem) == dev, "memory_get_dev returns the device");
	t_is(daxctl_memory_get_block_size(mem), bs, "memory block size as sysfs");
	if (tn >= 0) {
		snprintf(want, sizeof(want), "/sys/devices/system/node/node%d", tn);
		t_ok(daxctl_memory_get_node_path(mem) &&
		     strcmp(daxctl_memory_get_node_path(mem), want) == 0,
		     "node path is %s (%s)", want,
		     daxctl_memory_get_node_path(mem) ? daxctl_memory_get_node_path(mem) : "NULL");
	}
	n = blocks(dev, &online, NULL, NULL);
	t_ok(n > 0, "kmem added %d blocks", n);
	t_is(daxctl_memory_num_sections(mem), n, "num_sections = blocks in sysfs");
	sys_read(MEMDIR "/auto_online_blocks", buf, sizeof(buf));
	t_is(daxctl_dev_will_auto_online_memory(dev), strncmp(buf, "online", 6) == 0,
	     "will_auto_online_memory follows auto_online_blocks (%s)", buf);
	t_is(daxctl_memory_is_online(mem), online, "is_online = online blocks in sysfs (%d)", online);
	t_is(daxctl_dev_has_online_memory(dev), online, "has_online_memory = %d", online);
	if (online == 0) {
		/* upstream answers -ENXIO here (no online block has a zone) */
		rc = daxctl_memory_is_movable(mem);
		t_ok(rc <= 0, "is_movable does not claim Movable while no block is online (%d)", rc);
	}

	/* online movable */
	rc = daxctl_memory_online(mem);
	t_is(rc, n - online, "memory_online returns the number of blocks onlined");
	blocks(dev, &online, "Movable", &inzone);
	t_is(online, n, "every block online in sysfs");
	t_is(inzone, n, "every block in zone Movable");
	t_is(daxctl_memory_is_online(mem), n, "is_online = %d", n);
	t_is(daxctl_memory_is_movable(mem), 1, "is_movable");
	t_is(daxctl_dev_has_online_memory(dev), n, "has_online_memory = %d", n);
	mt = meminfo_kb("MemTotal");
	t_is(mt - mt0, n * bs / 1024, "MemTotal grew by %d blocks", n);
	if (tn >= 0) {
		char link[PATH_MAX];
		struct daxctl_mapping *m0 = daxctl_mapping_get_first(dev);

		snprintf(link, sizeof(link), "/sys/devices/system/node/node%d/memory%llu", tn,
			 m0 ? (daxctl_mapping_get_start(m0) + bs - 1) / bs : 0);
		t_ok(access(link, F_OK) == 0, "first block is linked from node%d", tn);
	}
	rc = daxctl_memory_online(mem);
	blocks(dev, &online, NULL, NULL);
	t_ok(rc >= 0 && online == n, "memory_online again succeeds, all still online (rc %d)", rc);
	disable_while_online(dev, mem, n, mt);

	/* offline */
	rc = daxctl_memory_offline(mem);
	t_is(rc, n, "memory_offline returns the number of blocks offlined");
	blocks(dev, &online, NULL, NULL);
	t_is(online, 0, "no block online in sysfs");
	t_is(daxctl_memory_is_online(mem), 0, "is_online = 0");
	t_is(meminfo_kb("MemTotal"), mt0, "MemTotal back");

	/* online, not movable (not where the kernel keeps such memory for good) */
	if (no_normal) {
		t_skip("this kernel cannot offline ZONE_NORMAL memory of this node again",
		       "memory_online_no_movable and back");
		goto disable;
	}
	rc = daxctl_memory_online_no_movable(mem);
	t_is(rc, n, "memory_online_no_movable returns the number of blocks onlined");
	blocks(dev, &online, "Normal", &inzone);
	t_is(online, n, "every block online");
	t_is(inzone, n, "every block in zone Normal");
	t_is(daxctl_memory_is_movable(mem), 0, "is_movable is 0");
	t_is(meminfo_kb("MemTotal") - mt0, n * bs / 1024, "MemTotal grew again");
	rc = daxctl_memory_offline(mem);
	t_is(rc, n, "memory_offline of Normal blocks");
	blocks(dev, &online, NULL, NULL);
	t_is(online, 0, "no block online");

	/* back to devdax; the memory handle stays valid */
disable:
	t_errno(daxctl_dev_disable(dev), 0, "%s: disable succeeds once every block is offline", name);
	t_ok(dev_driver(name, drv, sizeof(drv))[0] == '\0', "%s: unbound", name);
	t_ok(daxctl_memory_get_dev(mem) == dev, "the memory handle is still valid after disable");
out:
	t_errno(daxctl_dev_enable_devdax(dev), 0, "%s: enable_devdax", name);
	t_ok(strcmp(dev_driver(name, drv, sizeof(drv)), "device_dax") == 0,
	     "%s: back on device_dax", name);
	t_is(meminfo_kb("MemTotal"), mt0, "MemTotal as at the start");
	daxctl_unref(ctx);
	return t_done();
}
