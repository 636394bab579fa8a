//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/synth"
)

// The command benchmarks run `pmgov validate` and `pmgov build` as a user
// does: each time in a new process (this test binary, which is pmgov when
// it is started under that name: TestMain), over the synthetic repository
// on disk. They report the process's CPU time (user and system) per
// document and its peak resident memory, start-up included. The issue's
// bound is on these: at 100,000 documents at most 11 times the CPU of
// 10,000, and below 1 GiB (validate) and 1.5 GiB (build). Compare in one
// run:
//
//	PMGOV_BENCH_100K=1 go test -run '^$' -bench Command -benchtime 3x ./cmd/pmgov
//
// The in-process benchmarks (internal/validate, internal/sitebuild) leave
// start-up out and run warm, and give each size's cost per document of the
// work alone.

func BenchmarkCommandValidate10k(b *testing.B) { benchCommand(b, 100, "validate") }

func BenchmarkCommandValidate100k(b *testing.B) { benchCommand(b, 1000, "validate") }

func BenchmarkCommandBuild10k(b *testing.B) { benchCommand(b, 100, "build") }

func BenchmarkCommandBuild100k(b *testing.B) { benchCommand(b, 1000, "build") }

// synthRepos are the synthetic repositories written so far, by centers.
var synthRepos = map[int]string{}

func benchCommand(b *testing.B, centers int, command string) {
	if centers > 100 && os.Getenv("PMGOV_BENCH_100K") == "" {
		b.Skip("set PMGOV_BENCH_100K=1 to run pmgov over 100,000 documents")
	}
	repo, ok := synthRepos[centers]
	if !ok {
		dir, err := os.MkdirTemp("", "pmgov-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchTemp = append(benchTemp, dir)
		repo = filepath.Join(dir, "repo")
		if err := synth.Write(repo, synth.Spec{Centers: centers, DocsPerCenter: 99}); err != nil {
			b.Fatal(err)
		}
		synthRepos[centers] = repo
	}
	docs := centers*100 + 14
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	var peak int64
	n := 0
	for b.Loop() {
		b.StopTimer()
		args := []string{"pmgov", command, repo, "--as-of", "2026-11-25"}
		var out string
		if command == "build" {
			n++
			out = filepath.Join(filepath.Dir(repo), "public"+strconv.Itoa(n))
			args = append(args, "--out", out)
		}
		cmd := &exec.Cmd{Path: self, Args: args, Env: os.Environ()}
		b.StartTimer()
		err := cmd.Run()
		b.StopTimer()
		if err != nil {
			b.Fatalf("%v: %v", args[1:], err)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		peak = max(peak, ru.Maxrss) // KiB on Linux
		if out != "" {
			if err := os.RemoveAll(out); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(docs), "cpu-ns/doc")
	b.ReportMetric(float64(peak)/1024, "peak-MiB")
}
