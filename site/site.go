// Package site holds the default theme of the generated site: the HTML
// templates, the one stylesheet and the translation tables (nb, en). They are
// embedded in the binary; a governance repository may override any file by
// placing its own at the same relative path in a theme folder (--theme).
package site

import (
	"embed"
	"io/fs"
)

//go:embed templates static i18n
var files embed.FS

// FS returns the default theme. Paths are "templates/…", "static/…" and
// "i18n/<lang>.yaml".
func FS() fs.FS { return files }
