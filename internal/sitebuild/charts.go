package sitebuild

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"
)

// The charts are SVG drawn at build time: no script, nothing loaded. Each
// has a <title> and a <desc> and the page puts a table with the same
// figures beside it. Colours carry no meaning alone: every bar is labelled
// in a legend, and the table says the same in words.

// palette are fills on which white text has a contrast of at least 4.5:1.
var palette = []string{"#1f5f8b", "#8a4b08", "#2e6b30", "#6a3d9a", "#a0001c", "#455a64", "#7a5c00", "#005f66"}

// statusFill colours an action status.
var statusFill = map[string]string{
	"planned": "#455a64", "in-progress": "#1f5f8b", "delayed": "#a0001c", "done": "#2e6b30", "cancelled": "#6b6b6b",
}

// svgID makes an id for a chart's title and description, unique within a
// page: the chart kind and a key chosen by the caller.
func svgID(kind, key string) string { return "chart-" + kind + "-" + pathSafe(key) }

func esc(s string) string { return html.EscapeString(s) }

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// svgOpen starts an accessible SVG: role img, labelled by its title and
// described by its desc.
func svgOpen(b *strings.Builder, id string, w, h int, title, desc string) {
	fmt.Fprintf(b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, w, h, id, id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

// timelineSVG draws every center's terms on a shared time axis, with the
// evaluations as diamonds and the as-of date as a vertical line.
func timelineSVG(tr *translations, ss []*Standing, rows []termRow, asOf time.Time) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	lo, hi := asOf, asOf
	for _, r := range rows {
		if r.Term.Start.Valid() && r.Term.Start.Before(lo) {
			lo = r.Term.Start.Time
		}
		if r.Term.End.Valid() && r.Term.End.After(hi) {
			hi = r.Term.End.Time
		}
	}
	lo = time.Date(lo.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	hi = time.Date(hi.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	const left, right, rowH, top = 150, 790, 28, 30
	span := hi.Sub(lo).Hours()
	x := func(t time.Time) float64 { return left + float64(right-left)*t.Sub(lo).Hours()/span }
	var centers []*Standing
	for _, s := range ss {
		if len(s.Center.Terms) > 0 {
			centers = append(centers, s)
		}
	}
	h := top + rowH*len(centers) + 10
	var b strings.Builder
	key := "all"
	if len(ss) == 1 {
		key = centerID(ss[0].Center)
	}
	id := svgID("timeline", key)
	svgOpen(&b, id, 800, h, tr.T("chart.timeline.title"), fmt.Sprintf(tr.T("chart.timeline.desc"), asOf.Format(time.DateOnly)))
	for y := lo.Year(); y <= hi.Year(); y++ {
		xx := x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" class="grid"/>`, xx, top-8, xx, h-6)
		if y < hi.Year() {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="tick">%d</text>`, xx+3, top-12, y)
		}
	}
	for i, s := range centers {
		y := top + i*rowH
		label := s.Center.ShortName.V
		if label == "" {
			label = centerID(s.Center)
		}
		fmt.Fprintf(&b, `<text x="4" y="%d" class="label">%s</text>`, y+18, esc(truncate(label, 20)))
		for n := range s.Center.Terms {
			t := &s.Center.Terms[n]
			if !t.Start.Valid() || !t.End.Valid() {
				continue
			}
			cls := "term"
			if n%2 == 1 {
				cls = "term alt"
			}
			x0, x1 := x(t.Start.Time), x(t.End.Time)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="18" class="%s"><title>%s</title></rect>`,
				x0, y+4, max(x1-x0, 1), cls, esc(fmt.Sprintf(tr.T("chart.timeline.term"), label, n+1, t.Start.String(), t.End.String())))
		}
		for _, e := range s.Center.Evaluations {
			if !e.Date.Valid() {
				continue
			}
			ex := x(e.Date.Time)
			fmt.Fprintf(&b, `<path d="M%.1f %d l6 7 l-6 7 l-6 -7 z" class="eval"><title>%s</title></path>`,
				ex, y+6, esc(fmt.Sprintf(tr.T("chart.timeline.evaluation"), label, e.Date.String())))
		}
	}
	ax := x(asOf)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" class="asof"/>`, ax, top-6, ax, h-4)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="asof-label" text-anchor="end">%s</text>`, ax-3, h-1, esc(asOf.Format(time.DateOnly)))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// actionsSVG draws each center's current action plan as a bar stacked by
// status.
func actionsSVG(tr *translations, counts []actionCount) template.HTML {
	if len(counts) == 0 {
		return ""
	}
	most := 1
	for _, c := range counts {
		most = max(most, c.Total)
	}
	const left, right, rowH, top = 150, 790, 26, 34
	h := top + rowH*len(counts) + 6
	var b strings.Builder
	svgOpen(&b, svgID("actions", "all"), 800, h, tr.T("chart.actions.title"), tr.T("chart.actions.desc"))
	legend(&b, tr, "action-status", actionStatuses, func(i int) string { return statusFill[actionStatuses[i]] })
	for i, c := range counts {
		y := top + i*rowH
		label := c.Center.ShortName.V
		if label == "" {
			label = centerID(c.Center)
		}
		fmt.Fprintf(&b, `<text x="4" y="%d" class="label">%s</text>`, y+16, esc(truncate(label+" "+c.Year, 22)))
		xx := float64(left)
		for j, n := range c.Counts {
			if n == 0 {
				continue
			}
			w := float64(right-left) * float64(n) / float64(most)
			status := actionStatuses[j]
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="18" fill="%s"><title>%s</title></rect>`,
				xx, y+2, w, statusFill[status], esc(fmt.Sprintf("%s: %s %d", label, tr.label("action-status", status), n)))
			if w >= 14 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="in-bar" text-anchor="middle">%d</text>`, xx+w/2, y+15, n)
			}
			xx += w
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// effortSVG draws each center's latest effort allocation as a 100 % bar.
func effortSVG(tr *translations, rows []effortRow) template.HTML {
	if len(rows) == 0 {
		return ""
	}
	const left, right, rowH, top = 150, 790, 26, 10
	h := top + rowH*len(rows) + 6
	var b strings.Builder
	svgOpen(&b, svgID("effort", "all"), 800, h, tr.T("chart.effort.title"), tr.T("chart.effort.desc"))
	for i, r := range rows {
		y := top + i*rowH
		label := r.Center.ShortName.V
		if label == "" {
			label = centerID(r.Center)
		}
		fmt.Fprintf(&b, `<text x="4" y="%d" class="label">%s</text>`, y+16, esc(truncate(label, 20)))
		if r.Total <= 0 {
			continue
		}
		xx := float64(left)
		for j, s := range r.Shares {
			if s.Share <= 0 {
				continue
			}
			w := float64(right-left) * s.Share / r.Total
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="18" fill="%s"><title>%s</title></rect>`,
				xx, y+2, w, palette[j%len(palette)], esc(fmt.Sprintf("%s: %s %s", label, s.Name, s.Raw)))
			if text := truncate(s.Name, int((w-8)/7.5)); w >= 40 && text != "" {
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="in-bar">%s</text>`, xx+4, y+15, esc(text))
			}
			xx += w
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// legend draws a row of labelled swatches at the top of a chart.
func legend(b *strings.Builder, tr *translations, group string, values []string, fill func(int) string) {
	x := 150
	for i, v := range values {
		label := tr.label(group, v)
		fmt.Fprintf(b, `<rect x="%d" y="6" width="12" height="12" fill="%s"/><text x="%d" y="17" class="legend">%s</text>`, x, fill(i), x+16, esc(label))
		x += 24 + 7*len([]rune(label))
	}
}

// truncate shortens s to n runes, with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if n <= 1 {
		return ""
	}
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
