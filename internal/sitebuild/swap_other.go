//go:build !linux

package sitebuild

// exchange would swap two folders atomically; other platforms are not
// asked (macOS's renamex_np with RENAME_SWAP could be), and the caller
// renames twice instead.
func exchange(a, b string) error { return errNoExchange }

// lockTemp holds nothing here: a build of the same output that starts
// while another runs may remove the other's temporary folder, which then
// fails.
func lockTemp(dir string) (func(), error) { return func() {}, nil }

// inUse reports false: no lock tells a running build's folder from litter.
func inUse(dir string) bool { return false }
