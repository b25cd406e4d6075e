#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Write the seed corpus of the fuzz harnesses (tests/fuzz/corpus/<name>/).

    tests/fuzz/gen-corpus.py BUILDDIR

Seeds come from the captured fixtures (tests/fixtures/), the canned trees
of the fake tree builder (BUILDDIR/tests/lib/faketree-gen), the `daxctl
list -M` JSON of the built tool (BUILDDIR/daxctl/daxctl) on them, the
example config, and a few hand-written edge cases. Files are named by the
SHA-1 of their content, as libFuzzer names them; an existing corpus is
kept (run `make fuzz-merge` afterwards to minimise it).
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZ = os.path.join(TOP, 'tests', 'fuzz')
FIXTURES = os.path.join(TOP, 'tests', 'fixtures')
SKIP = {'CAPTURED', 'MODES'}
UUID = '7a3c1f2e-1122-4344-9566-778899aabbcc'  # fuzz-config's region uuid


def put(name, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(FUZZ, 'corpus', name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), 'wb') as f:
        f.write(data)


def escape(b):
    s = b.decode('utf-8', 'replace')
    return s.replace('\\', '\\\\').replace('\n', '\\n').replace('\t', '\\t')


def walk(root):
    """(relpath, kind, payload) for every entry of a tree, sorted."""
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(dirs + files):
            p = os.path.join(d, name)
            rel = os.path.relpath(p, root)
            if name in SKIP and d == root:
                continue
            if os.path.islink(p):
                out.append((rel, 'link', os.readlink(p)))
            elif os.path.isdir(p):
                if not os.listdir(p):
                    out.append((rel, 'dir', None))
            else:
                with open(p, 'rb') as f:
                    out.append((rel, 'file', f.read()))
    return out


def archive(entries):
    lines = []
    for rel, kind, payload in entries:
        if kind == 'link':
            lines.append('%s>%s' % (rel, payload))
        elif kind == 'dir':
            lines.append(rel + '/')
        else:
            lines.append('%s=%s' % (rel, escape(payload)))
    return '\n'.join(lines) + '\n'


def trees(build):
    """(name, root) of every fixture and canned tree."""
    for name in sorted(os.listdir(FIXTURES)):
        p = os.path.join(FIXTURES, name)
        if os.path.isdir(p):
            yield name, p
    gen = os.path.join(build, 'tests', 'lib', 'faketree-gen')
    tmp = tempfile.mkdtemp(prefix='daxctl-corpus.')
    names = subprocess.run([gen, '--list'], check=True, capture_output=True,
                           text=True).stdout.split()
    for name in names:
        root = os.path.join(tmp, name)
        subprocess.run([gen, name, root], check=True)
        yield 'canned-' + name, root
    shutil.rmtree(tmp)


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else 'build')
    daxctl = os.path.join(build, 'daxctl', 'daxctl')
    attrs, links = set(), set()
    for name, root in trees(build):
        entries = walk(root)
        put('tree', archive(entries))
        for rel, kind, payload in entries:
            if kind == 'file' and len(payload) <= 4096 and \
                    not rel.startswith('proc'):
                attrs.add(payload)
            elif kind == 'link':
                links.add(payload.encode())
        iomem = os.path.join(root, 'proc', 'iomem')
        if os.path.exists(iomem):
            with open(iomem, 'rb') as f:
                put('iomem', f.read())
        env = dict(os.environ, DAXCTL_ROOT=root)
        env.pop('DAXCTL_LOG', None)
        if os.access(daxctl, os.X_OK):
            r = subprocess.run([daxctl, 'list', '-DMi'], env=env,
                               capture_output=True, text=True)
            try:
                for dev in json.loads(r.stdout or '[]'):
                    put('input', json.dumps(dev, indent=2))
            except ValueError:
                pass
    # attribute contents: a sample (the corpus is merged later anyway)
    for a in sorted(attrs)[:80] + sorted(links)[:20]:
        put('attr', a)
    for a in [b'', b'\n', b'0', b'0x', b'0x0\n', b'-1\n', b'+1',
              b' 1', b'18446744073709551615\n', b'18446744073709551616\n',
              b'0xffffffffffffffff', b'2147483648', b'-2147483649',
              b'online_movable\n', b'Movable Normal\n', b'x' * 4095,
              b'x' * 4095 + b'\n', b'x' * 4096, b'y' * 4097,
              b'../../../devices/platform/hmem.0/dax0.0',
              b'/sys/devices/x/dax0.0', b'a/./b/../../../..//c']:
        put('attr', a)
    # /proc/iomem edge cases
    put('iomem', '100000000-13fffffff : Soft Reserved\n'
        '  100000000-13fffffff : hmem.0\n    100000000-13fffffff : dax0.0\n'
        '      100000000-13fffffff : System RAM (kmem)\n')
    put('iomem', '  ' + 'x' * 300 + ' 140000000-17fffffff : dax0.0\n'
        '140000000-17fffffff : dax1.0')
    put('iomem', 'ffffffffffffffff-0 : dax0.1\n00000000-00000000 : dax0.0\n')
    # config files: the example, the shapes the tool tests use
    with open(os.path.join(TOP, 'daxctl', 'daxctl.example.conf')) as f:
        put('config', f.read())
    put('config', '# comment\n; another\n[reconfigure-device to-ram]\n'
        'device = dax0.0\nmode = system-ram\nonline = true\n'
        'movable = "false"\n\n[other-section]\nwhatever = 1\n')
    put('config', '[reconfigure-device by-uuid]\nnvdimm.uuid = %s\n'
        'mode = devdax\n----\n[reconfigure-device dax1]\ndevice = 0.1\n'
        'mode = system-ram\nonline = no\n' % UUID)
    put('config', '[reconfigure-device a]\ndevice = dax1.0\nmode = famfs\n'
        '----\n[reconfigure-device a]\ndevice = /dev/dax0.1\n')
    for bad in ['[reconfigure-device x]\ndevice = dax0.2\nmode = sideways',
                '[reconfigure-device x\ndevice = dax0.2',
                'device = dax0.2', '[reconfigure-device]',
                '[reconfigure-device x]\nnvdimm.uuid = 1234',
                '[reconfigure-device x]\ndevice = "dax0.2',
                '[reconfigure-device x]\n' + 'k' * 1100 + ' = 1']:
        put('config', bad + '\n')
    # create-device --input
    put('input', '{ "chardev":"dax0.7", "align":4096,\n  "mappings":[ '
        '{ "page_offset":0, "start":"0x2c0000000", "end":"0x2c3ffffff" },\n'
        '\t{ "start":12079595520, "end":12146704383 } ] }\n')
    put('input', '[ {"chardev":"dax0.1"} ]')
    put('input', '{"chardev":"dax1.0","size":"2G","align":"2M"}')
    put('input', '{"size":-1}')
    put('input', '{"mappings":[{"start":0,"end":18446744073709551615}]}')
    put('input', '{"mappings":[{"start":0,"end":"0x7fffffffffffffff"},'
        '{"start":0,"end":"0x7fffffffffffffff"},{"start":0,"end":1}]}')
    # sizes and names
    for s in ['0', '4096', '2G', '2g', '0x1000', '1t', '16777215T', '17T',
              '0x', '1.5G', '1GB', '-1', ' 1', '010', '18446744073709551615',
              '18446744073709551616', 'all', 'dax0.0', '0.0', '/dev/dax1.2',
              'dax.1', 'dax0.', 'dax999999999.1', 'dax1234567890.0',
              'region3', 'region', '3', 'region-1', 'regionall']:
        put('parse', s)


if __name__ == '__main__':
    main()
