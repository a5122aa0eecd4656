package roster

import (
	"bytes"
	"encoding/csv"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzReadFile feeds arbitrary bytes through everything an upload meets before the member
// rules: spooling, sniffing, the zip checks, excelize or encoding/csv, the header and the
// cell readers. Whatever the bytes, it must return (an error is fine) and never panic.
func FuzzReadFile(f *testing.F) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"姓名", "公民身份号码", "党员类别", "入党日期", "所在党支部", "流动党员"})
	w.Write([]string{"张三", ExampleIDNumber, "正式党员", "2015/7/1", "一支部", "是"})
	w.Write([]string{"李四", "110105199003070035", "预备党员", "45474", "", "x"})
	w.Flush()
	f.Add(b.Bytes())
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "公民身份号码", "党员类别", "入党日期"})
	x.SetSheetRow("Sheet1", "A3", &[]any{"王五", 110105, 1.5, "2020年1月2日"})
	var xb bytes.Buffer
	x.WriteTo(&xb)
	f.Add(xb.Bytes())
	f.Add([]byte("PK\x03\x04\x14\x00"))
	f.Add([]byte("\"unterminated,quote\n\xff\xfe"))
	f.Add([]byte{})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path, size, utf8ok, err := spool(dir, bytes.NewReader(data))
		if err != nil {
			return
		}
		defer os.Remove(path)
		format, err := sniff(path, size, utf8ok)
		if err != nil {
			return
		}
		src, err := openSource(path, format, dir)
		if err != nil {
			return
		}
		defer src.Close()
		var at []int
		cells := make([]string, len(Columns))
		present := make([]bool, len(Columns))
		for n := 0; src.Next() && n < 10_000; n++ {
			_, raw := src.Row()
			if at == nil {
				if at, err = header(raw, true); err != nil {
					return
				}
				continue
			}
			cellsByField(at, raw, cells, present)
			readRow(n, cells, present)
		}
		_ = src.Err()
	})
}
