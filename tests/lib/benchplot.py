# SPDX-License-Identifier: BSD-2-Clause
"""make bench: draw the curves (gnuplot, SVG) into build/bench/.

    draw(series, outdir) -> [paths written]

series is tests/bench.py's {name: [(x, y), ...]}; a curve whose points
are missing is not drawn (the table already says what is missing).
"""
import os
import shutil
import subprocess

STYLE = """set terminal svg size 640,400 dynamic font "sans,12" background "white"
set grid
set key below
set style line 1 lc rgb "#1f5fa8" lw 2 pt 7 ps 0.8
set style line 2 lc rgb "#c0392b" lw 2 pt 5 ps 0.8
set style line 3 lc rgb "#777777" lw 1 dt 2
"""

# name: (series used, gnuplot commands; {d0}, {d1}: their data files)
PLOTS = {
    "revoke": (["revoke"], """set title "Revoke cost against outstanding copies (guest instructions, median)"
set xlabel "copies of the capability outstanding"
set ylabel "instructions per revoke"
set logscale x
set xrange [0.5:400000]
set yrange [0:*]
plot "{d0}" using 1:2 with linespoints ls 1 title "revoke", \\
     3000 with lines ls 3 title "target (3000)"
"""),
    "ckpt": (["ckpt_pause", "ckpt_total"], """set title "Checkpoint pause and total time against dirty data (ms, median of 5)"
set xlabel "dirty MiB"
set ylabel "total, ms"
set y2label "pause, ms"
set logscale x 2
set yrange [0:*]
set y2range [0:*]
set ytics nomirror
set y2tics
plot "{d1}" using 1:2 with linespoints ls 2 title "total (pause to commit, left)", \\
     "{d0}" using 1:2 axes x1y2 with linespoints ls 1 title "pause (right)"
"""),
    "restart": (["restart", "restart_icount"], """set title "Restart time against store size (ms)"
set xlabel "store size (MiB)"
set ylabel "ms, kernel entry to first process"
set logscale x 2
set yrange [0:*]
set xrange [32:8192]
plot "{d0}" using 1:2 with linespoints ls 1 title "wall clock (median of 5)", \\
     "{d1}" using 1:2 with linespoints ls 2 title "guest virtual time (-icount)"
"""),
}


def draw(series, outdir):
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return [], ["gnuplot not found (make deps installs gnuplot-nox): no pictures"]
    os.makedirs(outdir, exist_ok=True)
    written, notes = [], []
    for name, (used, script) in PLOTS.items():
        if not all(series.get(s) for s in used):
            notes.append("%s.svg not drawn: no %s figures" % (name, " or ".join(used)))
            continue
        files = {}
        for i, s in enumerate(used):
            path = os.path.join(outdir, "%s.dat" % s)
            with open(path, "w") as f:
                f.writelines("%s %s\n" % xy for xy in series[s])
            files["d%d" % i] = path
        out = os.path.join(outdir, "%s.svg" % name)
        text = STYLE + 'set output "%s"\n' % out + script.format(**files)
        p = subprocess.run([gnuplot], input=text, text=True, capture_output=True)
        if p.returncode != 0:
            notes.append("gnuplot failed on %s: %s" % (name, p.stderr.strip()[-300:]))
        else:
            written.append(out)
    return written, notes
