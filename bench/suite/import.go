package suite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/app"
	"dangjian/internal/auth"
	"dangjian/internal/demo"
	"dangjian/internal/domain"
	"dangjian/internal/org"
	"dangjian/internal/roster"
	"dangjian/internal/store"
)

// importScenario imports o.ImportRows new members from an .xlsx file into the synthetic
// region (the whole real run: reading, checking against the database, one write
// transaction), beside the baseline of reading the same file alone through the same
// reader (roster.ReadAll: spool, sniff, stream and parse every row; no rules, no database).
// Both are measured the same way (see usage), one after the other in this process.
func importScenario(ctx context.Context, o Options, e *env, dir string) (Row, error) {
	set, err := app.Open(ctx, e.cfg, e.log)
	if err != nil {
		return Row{}, err
	}
	defer set.DB.Close()
	set.Roster.TempDir = dir
	root, branches, err := syntheticBranches(ctx, set.DB)
	if err != nil {
		return Row{}, err
	}
	if err := addGroups(ctx, o, set.Orgs, branches); err != nil {
		return Row{}, err
	}
	path := filepath.Join(dir, "roster-import.xlsx")
	fmt.Fprintf(o.Log, "writing %d roster rows for %d branches to %s …\n", o.ImportRows, len(branches), filepath.Base(path))
	if err := writeRoster(path, o.ImportRows, branches); err != nil {
		return Row{}, err
	}
	defer os.Remove(path)
	fi, err := os.Stat(path)
	if err != nil {
		return Row{}, err
	}

	fmt.Fprintf(o.Log, "baseline: reading the file alone …\n")
	var read int
	base, err := measure(func() error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		read, err = roster.ReadAll(f, dir)
		return err
	})
	if err == nil && read != o.ImportRows {
		err = fmt.Errorf("the reader found %d rows, not %d", read, o.ImportRows)
	}
	if err != nil {
		return Row{}, err
	}

	fmt.Fprintf(o.Log, "importing it …\n")
	var st *roster.ImportStatus
	got, err := measure(func() error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		id, err := set.Roster.StartImport(ctx, auth.SystemActor(), roster.ImportRequest{OrgID: root,
			Filename: filepath.Base(path), Body: f})
		if err != nil {
			return err
		}
		if _, err := set.Jobs.RunJob(ctx, id); err != nil {
			return err
		}
		st, err = set.Roster.Import(ctx, auth.SystemActor(), id)
		return err
	})
	if err == nil && (st.Status != store.JobDone || st.Imported != o.ImportRows) {
		err = fmt.Errorf("import %s: %d new of %d rows, %d errors (first: %+v) %s", st.Status, st.Imported,
			o.ImportRows, st.ErrorCount, firstError(st.Errors), st.Error)
	}
	if err != nil {
		return Row{}, err
	}
	grouped := 0
	for _, b := range branches {
		if b.group != "" {
			grouped++
		}
	}
	return Row{
		Scenario: fmt.Sprintf("roster import, SQLite: %d new members from .xlsx (%.1f MB) into %d branches (%d with party groups) of the synthetic region: read, checked, written in one transaction",
			o.ImportRows, float64(fi.Size())/(1<<20), len(branches), grouped),
		Figure:   fmt.Sprintf("%s (%.0f rows/s)", got, float64(o.ImportRows)/got.took.Seconds()),
		Baseline: base.String() + ": reading the same file alone (roster.ReadAll)",
		Ratio:    "time " + ratio(got.took, base.took),
	}, nil
}

func firstError(list []roster.RowError) any {
	if len(list) == 0 {
		return nil
	}
	return list[0]
}

// addGroups gives every fourth branch a party group (the synthetic region has none), so
// a quarter of the branches' rows name one and the import checks it.
func addGroups(ctx context.Context, o Options, orgs *org.Service, branches []branch) error {
	fmt.Fprintf(o.Log, "adding party groups to %d branches …\n", (len(branches)+3)/4)
	name, typ := "第一党小组", string(domain.OrgGroup)
	for i := 0; i < len(branches); i += 4 {
		parent := branches[i].id
		if _, err := orgs.Create(ctx, auth.SystemActor(), org.Input{Name: &name, Type: &typ, ParentID: &parent}); err != nil {
			return err
		}
		branches[i].group = name
	}
	return nil
}

// branch is where a generated row goes: the branch, and a party group's name or "".
type branch struct {
	id          int64
	code, group string
}

// syntheticBranches returns the synthetic region's ID and its branches (with one of its
// party groups, if it has any).
func syntheticBranches(ctx context.Context, db *store.DB) (int64, []branch, error) {
	var root int64
	var path string
	err := db.SQL().QueryRowContext(ctx, `SELECT id, path FROM orgs WHERE name = $1`, demo.SyntheticName).Scan(&root, &path)
	if err != nil {
		return 0, nil, fmt.Errorf("the synthetic region: %w", err)
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT b.id, b.code, COALESCE(MIN(g.name), '') FROM orgs b
		LEFT JOIN orgs g ON g.parent_id = b.id AND g.type = $1
		WHERE b.type = $2 AND b.path LIKE $3 AND b.code <> '' GROUP BY b.id, b.code ORDER BY b.id`,
		string(domain.OrgGroup), string(domain.OrgBranch), path+"%")
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	var list []branch
	for rows.Next() {
		var b branch
		if err := rows.Scan(&b.id, &b.code, &b.group); err != nil {
			return 0, nil, err
		}
		list = append(list, b)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, err
	}
	if len(list) == 0 {
		return 0, nil, sql.ErrNoRows
	}
	return root, list, nil
}

var rosterHeader = []any{"姓名", "性别", "民族", "出生日期", "公民身份号码", "手机号码", "学历", "所在党支部", "党小组",
	"党员类别", "入党日期", "转正日期", "流动党员", "工作单位及职务"}

var (
	benchSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	benchGiven    = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "平"}
)

// writeRoster writes n valid rows of new members, spread over the branches in turn, every
// third row in the branch's party group when it has one. The ID numbers (area 110105,
// born from 1960 on, 900 to a day) are not among the demo's.
func writeRoster(path string, n int, branches []branch) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", rosterHeader); err != nil {
		return err
	}
	first := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	row := make([]any, len(rosterHeader))
	for i := 0; i < n; i++ {
		birth := first.AddDate(0, 0, i/900)
		seq := 100 + i%900
		first17 := fmt.Sprintf("110105%s%03d", birth.Format("20060102"), seq)
		gender := "男"
		if seq%2 == 0 {
			gender = "女"
		}
		b := branches[i%len(branches)]
		group := ""
		if i%3 == 0 {
			group = b.group
		}
		row[0] = string(benchSurnames[i%len(benchSurnames)]) + benchGiven[(i/len(benchSurnames))%len(benchGiven)]
		row[1], row[2], row[3] = gender, "汉族", birth.Format(time.DateOnly)
		row[4] = first17 + string(domain.IDNumberCheckChar(first17))
		row[5], row[6], row[7], row[8] = fmt.Sprintf("139%08d", i), "大学本科", b.code, group
		row[9], row[10], row[11] = "正式党员", birth.AddDate(25, 0, 0).Format(time.DateOnly), birth.AddDate(26, 0, 0).Format(time.DateOnly)
		row[12], row[13] = "否", "合成测试公司 职员"
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}
