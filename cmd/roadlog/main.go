// Command roadlog is product management as code: it checks, shows, edits,
// compares and publishes a product's vision, roadmap and backlog kept as
// Markdown and YAML files in Git.
package main

import (
	"os"
	"runtime/debug"

	"github.com/roadlog/roadlog/pkg/cli"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/gcpolicy"
	"github.com/roadlog/roadlog/pkg/iostreams"
)

// Set by the release build: -X main.version=… -X main.commit=… -X main.date=…
var (
	version = "dev"
	commit  = ""
	date    = ""
)

func main() {
	gcpolicy.Command(os.Getenv)
	os.Exit(cli.Main(buildInfo(), os.Args[1:], iostreams.System()))
}

// buildInfo fills in what the linker did not set from the module's build
// information (go install …@v1.2.3 records the version and VCS revision).
func buildInfo() cmdutil.Build {
	b := cmdutil.Build{Version: version, Commit: commit, Date: date}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && b.Commit == "":
				b.Commit = s.Value
			case s.Key == "vcs.time" && b.Date == "":
				b.Date = s.Value
			}
		}
	}
	return b
}
