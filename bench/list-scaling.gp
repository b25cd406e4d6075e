# SPDX-License-Identifier: LGPL-2.1-or-later
# The scaling curve of `daxctl list -RDM` (bench/bench-list.sh): gnuplot -e
# "dat='scaling.dat'; png='out.png'" list-scaling.gp
set terminal pngcairo size 1000,420 font ",10"
set output png
set multiplot layout 1,2 title "daxctl list -RDM, one region (Debian's daxctl 76.1)"
set logscale x 2
set logscale y 10
set xlabel "devices"
set key top left
set grid
set format y "%.0s%c"
set title "instructions (callgrind)"
plot dat using 1:2 with linespoints title "Debian's libdaxctl", \
     dat using 1:4 with linespoints title "our libdaxctl"
set title "syscalls (strace -f)"
plot dat using 1:3 with linespoints title "Debian's libdaxctl", \
     dat using 1:5 with linespoints title "our libdaxctl"
unset multiplot
