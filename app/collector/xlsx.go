package collector

import (
	"fmt"
	"io"
	"net/http"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the pack table as an Excel workbook: the CSV's columns
// with Vietnamese headers, counts as numbers except the suppressed "<5",
// names as text (a spreadsheet formula cannot hide in a cell).
func (rep *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Báo cáo"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 4, 22); err != nil {
		return err
	}
	if err := sw.SetColWidth(10, 11, 36); err != nil {
		return err
	}
	head := make([]any, len(xlsxHeader))
	for i, h := range xlsxHeader {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{}); err != nil {
		return err
	}
	num := func(n uint64) any {
		if n < SuppressBelow {
			return Cell(n)
		}
		return n
	}
	for i, p := range rep.Packs {
		row := []any{p.Province, p.Commune, p.Kiosk, p.Pack, num(p.Starts), num(p.Finishes), num(p.HandOffs),
			num(p.Abandoned), num(p.Failed), ranked(p.Stuck), ranked(p.Mistakes)}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func (c *Collector) reportXLSX(w http.ResponseWriter, r *http.Request) {
	rep, ok := c.report(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="tramhocso-report.xlsx"`)
	if err := rep.WriteXLSX(w); err != nil {
		c.log.Error("collector: writing the XLSX report", "error", err)
	}
}
