package iostreams

import "testing"

func TestColour(t *testing.T) {
	t.Setenv("TERM", "xterm")
	t.Setenv("NO_COLOR", "")
	s := System()
	s.SetStdoutTTY(false)
	if s.ColorEnabled() {
		t.Error("colour on a pipe")
	}
	s.SetStdoutTTY(true)
	if !s.ColorEnabled() {
		t.Error("no colour on a terminal")
	}
	t.Setenv("NO_COLOR", "1")
	s = System()
	s.SetStdoutTTY(true)
	if s.ColorEnabled() {
		t.Error("colour with NO_COLOR set")
	}
}

func TestTableWidth(t *testing.T) {
	s, _, _, _ := Test()
	if w := s.TableWidth(); w != 0 {
		t.Errorf("TableWidth on a pipe = %d, want 0 (no limit)", w)
	}
	s.getenv = func(k string) string {
		if k == "COLUMNS" {
			return "72"
		}
		return ""
	}
	if w := s.TableWidth(); w != 72 {
		t.Errorf("TableWidth with COLUMNS=72 = %d", w)
	}
	s.SetTerminalWidth(40)
	if w := s.TableWidth(); w != 40 {
		t.Errorf("TableWidth = %d, want 40", w)
	}
}
