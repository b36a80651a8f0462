package model

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompareIDs(t *testing.T) {
	ids := []string{"ACME-10", "ACME-2", "ACME-1", "B-1", "ACME-02", "ACME-1a", "ACME", "acme-1", "R-2027.10", "R-2027.9"}
	slices.SortFunc(ids, CompareIDs)
	want := []string{"ACME", "ACME-1", "ACME-1a", "ACME-2", "ACME-02", "ACME-10", "B-1", "R-2027.9", "R-2027.10", "acme-1"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestCompareItems(t *testing.T) {
	mk := func(id, rank string) *Item { return &Item{Meta: Meta{ID: id}, Rank: rank} }
	items := []*Item{mk("A-3", ""), mk("A-10", "b"), mk("A-2", "b"), mk("A-1", ""), mk("A-9", "a")}
	slices.SortFunc(items, CompareItems)
	var got []string
	for _, it := range items {
		got = append(got, it.ID)
	}
	if diff := cmp.Diff([]string{"A-9", "A-2", "A-10", "A-1", "A-3"}, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// TestSlug: one transliterating slug for file names (roadlog new) and
// keys (roadlog init): Latin letters in ASCII, other scripts kept
// readable. It dropped every letter outside a-z ("Zoë O'Brien's café"
// gave zo-o-brien-s-caf) while init folded accents on its own (review of
// issue 9, P3).
func TestSlug(t *testing.T) {
	for _, tc := range []struct {
		title string
		limit int
		want  string
	}{
		{"Zoë O'Brien's café", 48, "zoe-obriens-cafe"},
		{"Créer un compte société", 48, "creer-un-compte-societe"},
		{"Straße, Æble, Øre, Łódź", 48, "strasse-aeble-ore-lodz"},
		{"  Checkout: one-click!  ", 48, "checkout-one-click"},
		{"Заказ в один клик", 48, "заказ-в-один-клик"},
		{"ワンクリック注文", 48, "ワンクリック注文"},
		{"हिंदी पाठ", 48, "हिंदी-पाठ"},
		{"Version 2.0", 48, "version-2-0"},
		{"it’s", 48, "its"},
		{"abc def", 5, "abc-d"},
		{"abc def", 4, "abc"},
		{"abc defg", 7, "abc-def"},
		{"ééé", 2, "ee"},
		{"жжж", 5, "жж"},
		{"!!!", 48, ""},
	} {
		if got := Slug(tc.title, tc.limit); got != tc.want {
			t.Errorf("Slug(%q, %d) = %q, want %q", tc.title, tc.limit, got, tc.want)
		}
	}
}
