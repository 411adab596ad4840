package ui

import (
	"path"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/calc/cmdline"
)

// renderCommand shows the equivalent `vllm serve` command and the startup
// log lines this version prints with these numbers, each copyable.
func (p *Page) renderCommand() app.UI {
	if !p.hasEst {
		return el("div")
	}
	cmd := cmdline.Format(p.sc)
	var lines []string
	for _, l := range p.est.Log {
		// As vLLM prints it: the file that logs the line, then the line.
		prefix := ""
		if l.Source != "" {
			prefix = "[" + path.Base(l.Source) + "] "
		}
		lines = append(lines, prefix+l.Text)
	}
	log := strings.Join(lines, "\n")
	return el("section").ID("command-log").Class("command").Body(
		el("h2").Text(p.t("ui.command")),
		el("div").Class("code").Body(
			el("pre").ID("command").Text(cmd),
			p.copyButton("command", cmd),
		),
		el("h2").Text(p.t("ui.log")),
		el("p").Class("help").Text(p.t("ui.log_help")),
		el("div").Class("code").Body(
			el("pre").ID("log").Text(log),
			p.copyButton("log", log),
		),
	)
}
