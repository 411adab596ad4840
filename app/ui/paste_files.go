package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// maxPasteFiles and maxPasteFileBytes bound what a drop may read: a model
// folder's config files are a few kB each, a startup log rarely 1 MB.
const (
	maxPasteFiles     = 8
	maxPasteFileBytes = 4 << 20
)

// readFiles reads the text of the files a user dropped or chose (a JS
// FileList), in their order, and hands the concatenation and the names to
// done on the UI goroutine. Files too large are named in skipped, unread.
func readFiles(ctx app.Context, files app.Value, done func(ctx app.Context, text string, names, skipped []string)) {
	if !files.Truthy() {
		return
	}
	n := files.Length()
	if n > maxPasteFiles {
		n = maxPasteFiles
	}
	var names, skipped []string
	var pending []app.Value
	for i := 0; i < n; i++ {
		f := files.Index(i)
		name := f.Get("name").String()
		if f.Get("size").Int() > maxPasteFileBytes {
			skipped = append(skipped, name)
			continue
		}
		names = append(names, name)
		pending = append(pending, f)
	}
	texts := make([]string, len(pending))
	left := len(pending)
	if left == 0 {
		done(ctx, "", nil, skipped)
		return
	}
	var funcs []app.Func
	finish := func() {
		left--
		if left > 0 {
			return
		}
		for _, fn := range funcs {
			fn.Release()
		}
		ctx.Dispatch(func(ctx app.Context) { done(ctx, strings.Join(texts, "\n"), names, skipped) })
	}
	for i, f := range pending {
		ok := app.FuncOf(func(this app.Value, args []app.Value) any {
			if len(args) > 0 {
				texts[i] = args[0].String()
			}
			finish()
			return nil
		})
		fail := app.FuncOf(func(this app.Value, args []app.Value) any {
			skipped = append(skipped, names[i])
			finish()
			return nil
		})
		funcs = append(funcs, ok, fail)
		f.Call("text").Call("then", ok, fail)
	}
}
