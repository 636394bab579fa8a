package history

import (
	"sort"
	"strings"
	"testing"
)

// Blobs lists what `git ls-tree -r` lists for the regular files, at the
// revision asked for and not at HEAD; links and files outside the data
// folder are left out.
func TestBlobs(t *testing.T) {
	r := newTestRepo(t)
	r.write("gov/governance.yaml", "organisation: OUS\n")
	r.write("gov/centers/kre/center.yaml", "id: kre\n")
	r.write("gov/centers/kre/reports/2025-T1.md", "---\nperiod: 2025-T1\n---\n")
	r.write("README.md", "# not data\n")
	r.symlink("center.yaml", "gov/centers/kre/link.yaml")
	first := r.commit("Kari Nordmann", "First")
	r.write("gov/centers/kre/center.yaml", "id: kre\nname: Kreft\n")
	r.remove("gov/centers/kre/reports")
	r.commit("Kari Nordmann", "Second")

	h := openRepo(t, r.dir+"/gov")
	for _, rev := range []string{first.String(), "HEAD"} {
		blobs, err := h.Blobs(rev)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for p, b := range blobs {
			got = append(got, b.String()+" "+p)
		}
		sort.Strings(got)
		var want []string
		for _, line := range strings.Split(gitOut(t, r.dir, "ls-tree", "-r", rev, "gov/"), "\n") {
			// <mode> blob <hash>\t<path>
			meta, p, _ := strings.Cut(line, "\t")
			f := strings.Fields(meta)
			if f[0] == "120000" {
				continue
			}
			want = append(want, f[2]+" "+strings.TrimPrefix(p, "gov/"))
		}
		sort.Strings(want)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("Blobs(%s):\n%s\nwant (git ls-tree):\n%s", rev, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if _, err := h.Blobs("no-such-branch"); err == nil {
		t.Error("Blobs of a revision that does not exist gave no error")
	}
}
