package points_test

import (
	"context"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// An organisation's own category or star rule must never leak into the shipped defaults,
// which every other organisation (and every concurrent request) reads.
func TestOwnRulesLeaveTheDefaultsAlone(t *testing.T) {
	db := testutil.MustOpen(t, store.SQLite)
	ctx := context.Background()
	wantCats := append([]domain.CategoryShare(nil), domain.DefaultCategoryRule.Categories...)
	wantStars := append([]domain.Points(nil), domain.DefaultStarRule.Thresholds...)
	err := db.WriteTx(ctx, func(q *store.Q) error {
		if err := q.InsertRule(ctx, domain.RuleCategories, 0, domain.CategoryRule{Mode: domain.ModeCap,
			Categories: []domain.CategoryShare{{Key: "x", Share: domain.Whole(100)}}}, domain.NewDate(2000, 1, 1), "test", "test"); err != nil {
			return err
		}
		return q.InsertRule(ctx, domain.RuleStars, 0, domain.StarRule{Thresholds: []domain.Points{1, 2, 3, 4, 5}}, domain.NewDate(2000, 1, 1), "test", "test")
	})
	if err != nil {
		t.Fatal(err)
	}
	cats, err := points.CategoryRule(ctx, db.Read(), "", domain.NewDate(2024, 6, 1))
	if err != nil || len(cats.Categories) != 1 || cats.Categories[0].Key != "x" {
		t.Fatalf("own category rule not read: %+v %v", cats, err)
	}
	stars, err := points.StarRule(ctx, db.Read(), "", domain.NewDate(2024, 6, 1))
	if err != nil || stars.Thresholds[0] != 1 || stars.PublishBy != domain.DefaultStarRule.PublishBy {
		t.Fatalf("own star rule not read or not filled: %+v %v", stars, err)
	}
	for i, c := range wantCats {
		if domain.DefaultCategoryRule.Categories[i] != c {
			t.Fatalf("default categories overwritten: %+v", domain.DefaultCategoryRule.Categories)
		}
	}
	for i, v := range wantStars {
		if domain.DefaultStarRule.Thresholds[i] != v {
			t.Fatalf("default star thresholds overwritten: %+v", domain.DefaultStarRule.Thresholds)
		}
	}
}
