package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/workspace"
)

func main() {
	ctx := context.Background()
	t := time.Now()
	ws, err := workspace.OpenWith(ctx, os.Args[1], workspace.OpenOptions{})
	if err != nil {
		panic(err)
	}
	t1 := time.Since(t)
	p := plan.New(ws, time.Now())
	t2 := time.Since(t)
	runtime.GC()
	f, _ := os.Create("/tmp/heap.prof")
	pprof.WriteHeapProfile(f)
	f.Close()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println(t1, t2, "live MB", m.HeapAlloc>>20, len(p.Items()))
}
