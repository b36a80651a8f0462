package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

func TestLoads(t *testing.T) {
	cfg := workspace.DefaultConfig()
	cfg.Workflow.Statuses = []string{"ready", "doing", "done"}
	cfg.Workflow.WIP = map[string]int{"doing": 2, "odd": 1}
	items := []*model.Item{
		{Meta: model.Meta{ID: "A-1"}, Status: "doing"},
		{Meta: model.Meta{ID: "A-2"}, Status: "odd"},
		{Meta: model.Meta{ID: "A-3"}, Status: "doing"},
		{Meta: model.Meta{ID: "A-4"}, Status: "doing"},
		{Meta: model.Meta{ID: "A-5"}, Status: "odd"},
		{Meta: model.Meta{ID: "A-6"}},
	}
	type load struct {
		Status string
		Limit  int
		IDs    []string
		Over   bool
	}
	var got []load
	for _, l := range Loads(cfg, items) {
		var ids []string
		for _, it := range l.Items {
			ids = append(ids, it.ID)
		}
		got = append(got, load{l.Status, l.Limit, ids, l.Over()})
	}
	want := []load{
		{"ready", 0, nil, false},
		{"doing", 2, []string{"A-1", "A-3", "A-4"}, true},
		{"done", 0, nil, false},
		{"odd", 1, []string{"A-2", "A-5"}, true},
		{"", 0, []string{"A-6"}, false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Loads (-want +got)\n%s", diff)
	}

	for _, tt := range []struct {
		it     *model.Item
		status string
		ok     bool
		there  int
	}{
		{items[5], "doing", false, 3},
		{items[0], "doing", false, 2}, // already there: it does not count against itself
		{items[5], "ready", true, 0},
		{items[5], "odd", false, 2},
	} {
		l, ok := RoomFor(cfg, items, tt.it, tt.status)
		if ok != tt.ok || len(l.Items) != tt.there {
			t.Errorf("RoomFor(%s, %s) = %d there, %v; want %d, %v", tt.it.ID, tt.status, len(l.Items), ok, tt.there, tt.ok)
		}
	}
}
