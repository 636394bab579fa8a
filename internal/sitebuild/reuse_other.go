//go:build !unix

package sitebuild

// reuser would hard-link unchanged files of the previous site; on systems
// other than Unix every file is written anew.
type reuser struct{}

// newReuser reuses nothing here.
func newReuser(prev, fresh string) *reuser { return nil }

// link reports false: the caller writes the file.
func (r *reuser) link(rel, name string, data []byte) bool { return false }
