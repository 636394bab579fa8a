package sitebuild

import (
	"path"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/changes"
)

// History is the git history a site shows, read before the build
// (sitehistory.Read) and given to it as data in Options.History.
type History = changes.History

// Since is the comparison with an earlier state inside a History.
type Since = changes.Since

// short is a commit hash as git abbreviates it.
func short(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

// changeView is a change as a page shows it.
type changeView struct {
	Date      string
	Author    string
	Subject   string
	Hash      string
	Truncated bool
}

func viewOf(c changes.Commit) *changeView {
	return &changeView{Date: c.Date.Format(time.DateOnly), Author: c.Author, Subject: c.Subject, Hash: short(c.Hash), Truncated: c.Truncated}
}

// latest is the newest change among paths (by author date, then hash, so
// ties are settled the same way every build); nil when none has history.
func latest(last map[string]changes.Commit, paths []string) *changeView {
	var best changes.Commit
	found := false
	for _, p := range paths {
		c, ok := last[p]
		if !ok {
			continue
		}
		if !found || c.Date.After(best.Date) || c.Date.Equal(best.Date) && c.Hash > best.Hash {
			best, found = c, true
		}
	}
	if !found {
		return nil
	}
	return viewOf(best)
}

// lastIndex holds the last change of each page's files, computed once per
// build from the one walk's result.
type lastIndex struct {
	all, committee, matrix *changeView
	center                 map[string]*changeView
	recent                 map[string][]*changeView
}

func (g *generator) indexHistory(h *History) {
	if h == nil || h.Last == nil {
		return
	}
	ix := &lastIndex{center: map[string]*changeView{}, recent: map[string][]*changeView{}}
	var all, committee, matrix []string
	byCenter := map[string][]string{}
	for _, d := range g.repo.Docs {
		p := d.Path
		all = append(all, p)
		switch {
		case strings.HasPrefix(p, "committee/mandates/"):
			// A mandate has a page of its own.
		case strings.HasPrefix(p, "committee/"):
			committee = append(committee, p)
		case d.Center != "":
			byCenter[d.Center] = append(byCenter[d.Center], p)
			if path.Base(p) == "center.yaml" {
				matrix = append(matrix, p)
			}
		}
	}
	ix.all = latest(h.Last, all)
	ix.committee = latest(h.Last, committee)
	ix.matrix = latest(h.Last, matrix)
	for id, ps := range byCenter {
		ix.center[id] = latest(h.Last, ps)
	}
	for id, cs := range h.Recent {
		for _, c := range cs {
			ix.recent[id] = append(ix.recent[id], viewOf(c))
		}
	}
	g.last = ix
}

// lastFor is the last change a page shows: the latest of the files it
// renders (paths), or for aggregate pages of the files they summarise.
func (g *generator) lastFor(kind, center string, paths ...string) *changeView {
	ix := g.last
	if ix == nil {
		return nil
	}
	switch kind {
	case "center":
		return ix.center[center]
	case "committee":
		return ix.committee
	case "matrix":
		return ix.matrix
	case "document", "mandate":
		return latest(g.history.Last, paths)
	}
	return ix.all
}
