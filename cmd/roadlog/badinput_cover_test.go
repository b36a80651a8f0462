package main

import (
	"slices"
	"testing"

	"github.com/roadlog/roadlog/pkg/cmd/root"
	"github.com/roadlog/roadlog/pkg/cmdutil"
	"github.com/roadlog/roadlog/pkg/iostreams"
)

// notInMatrix are the commands the bad-input matrix does not run, each
// with the reason; every other command must be in readCommands or
// writeCommands, so that a new command cannot miss the hostile inputs.
var notInMatrix = map[string]string{
	"help":         "prints cobra's help, reads no workspace",
	"completion":   "prints a shell script, reads no workspace (ID completion is in the matrix as __complete)",
	"version":      "prints the build, reads no workspace",
	"init":         "writes a new workspace; its hostile names have their own table test",
	"edit":         "needs an editor on a terminal; its signal and crash tests drive one",
	"expressions":  "a help topic",
	"git-setup":    "reads only roadlog.yaml's paths (hostile ones: TestAttributes in pkg/gitsetup) and writes .gitattributes and Git's configuration, in a repository, which the matrix's copies are not",
	"serve":        "a server that runs until stopped: it loads the workspace as every command does and serves the report's pages (both in the matrix); pkg/serve's TestHostile serves every page of hostile workspaces and edits them",
	"merge-driver": "merges the three files Git gives it, not a workspace: pkg/merge merges every file of the YAML test suite and fuzzes (FuzzMerge)",
}

// TestBadInputCoversEveryCommand: every command of roadlog runs in the
// bad-input matrix unless notInMatrix says why not.
func TestBadInputCoversEveryCommand(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	rootCmd := root.NewCmd(cmdutil.New(ios, buildInfo()))
	inMatrix := map[string]bool{}
	for _, c := range slices.Concat(readCommands, writeCommands) {
		inMatrix[c.args[0]] = true
	}
	for _, c := range rootCmd.Commands() {
		name := c.Name()
		if _, skip := notInMatrix[name]; skip {
			continue
		}
		if !inMatrix[name] {
			t.Errorf("roadlog %s is not in the bad-input matrix: add it to readCommands or writeCommands in badinput_test.go, or say in notInMatrix why not", name)
		}
	}
	for name := range notInMatrix {
		if inMatrix[name] {
			t.Errorf("roadlog %s is in the matrix and in notInMatrix: drop it from notInMatrix", name)
		}
	}
}
