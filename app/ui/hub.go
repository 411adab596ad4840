package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/view"
)

// hubFetch reads a model the catalog lacks from a model hub, in the
// browser, when the user clicks the button that names the host. It holds
// the access token (in memory only: never in the link, storage or a log)
// and the fetch's progress; the chosen hub lives in the address.
type hubFetch struct {
	app.Compo

	Lang      i18n.Lang
	Repo      string // the id typed in the model field
	HubID     string // "hf", "hf-mirror", "modelscope" or "custom"
	HubBase   string // a custom hub's base URL
	HubLayout string // a custom hub's layout
	setHub    func(ctx app.Context, id, base, layout string)
	use       func(ctx app.Context, p view.Pasted)

	token    string
	askToken bool
	busy     bool
	msg      string // the last failure, beside the field
	result   view.Pasted
	fetched  string // the repository the result is for
}

// hubTimeoutMs bounds each request.
const hubTimeoutMs = 20000

func (h *hubFetch) t(key string) string { return i18n.T(h.Lang, key) }

func (h *hubFetch) f(key string, vars map[string]string) string { return i18n.F(h.Lang, key, vars) }

func (h *hubFetch) hub() (view.Hub, error) { return view.HubFor(h.HubID, h.HubBase, h.HubLayout) }

func (h *hubFetch) Render() app.UI {
	hub, hubErr := h.hub()
	choices := []string{"hf", "hf-mirror", "modelscope", "custom"}
	sel := app.Select().ID("hub").OnChange(func(ctx app.Context, e app.Event) {
		h.setHub(ctx, ctx.JSSrc().Get("value").String(), h.HubBase, h.HubLayout)
	})
	opts := make([]app.UI, len(choices))
	for i, c := range choices {
		label := c
		if hb, err := view.HubFor(c, "", ""); err == nil && c != "custom" {
			label = hb.Host()
		} else if c == "custom" {
			label = h.t("hub.custom")
		}
		id := h.HubID
		if id == "" {
			id = "hf"
		}
		opts[i] = app.Option().Value(c).Text(label).Selected(c == id)
	}
	host := hub.Host()
	if hubErr != nil {
		host = "…"
	}
	return el("div").ID("hub-fetch").Class("hub-fetch").Body(
		el("p").Class("help").Text(h.t("hub.intro")),
		el("div").Class("hub-row").Body(
			app.Label().For("hub").Text(h.t("hub.endpoint")),
			sel.Body(opts...),
		),
		app.If(h.HubID == "custom", func() app.UI {
			return el("div").Class("hub-row").Body(
				app.Label().For("hub-base").Text(h.t("hub.base")),
				app.Input().ID("hub-base").Type("url").Value(h.HubBase).Placeholder("https://mirror.example.com").
					OnChange(func(ctx app.Context, e app.Event) {
						h.setHub(ctx, "custom", ctx.JSSrc().Get("value").String(), h.HubLayout)
					}),
				app.Select().ID("hub-layout").OnChange(func(ctx app.Context, e app.Event) {
					h.setHub(ctx, "custom", h.HubBase, ctx.JSSrc().Get("value").String())
				}).Body(
					app.Option().Value(view.HubLayoutHF).Text(h.t("hub.layout_hf")).Selected(h.HubLayout != view.HubLayoutModelScope),
					app.Option().Value(view.HubLayoutModelScope).Text(h.t("hub.layout_ms")).Selected(h.HubLayout == view.HubLayoutModelScope),
				),
			)
		}),
		app.If(h.askToken, func() app.UI {
			return el("div").Class("hub-row").Body(
				app.Label().For("hub-token").Text(h.t("hub.token")),
				app.Input().ID("hub-token").Type("password").Attr("autocomplete", "off").Value(h.token).
					OnInput(func(ctx app.Context, e app.Event) { h.token = ctx.JSSrc().Get("value").String() }),
			)
		}),
		app.Button().ID("hub-fetch-button").Type("button").Class("primary").Disabled(h.busy || hubErr != nil).
			Text(h.f(map[bool]string{true: "hub.fetching", false: "hub.fetch"}[h.busy], map[string]string{"host": host})).
			OnClick(func(ctx app.Context, e app.Event) { h.start(ctx) }),
		app.If(hubErr != nil && h.HubID == "custom" && h.HubBase != "", func() app.UI {
			return el("p").Class("field-error").Text(hubErr.Error())
		}),
		app.If(h.msg != "", func() app.UI { return el("p").ID("hub-error").Class("field-error").Text(h.msg) }),
		app.If(h.fetched == h.Repo && h.result.Apply != nil, func() app.UI {
			return el("div").ID("hub-result").Body(
				el("p").Class("help").Text(h.f("hub.read", map[string]string{"n": strconv.Itoa(len(h.result.Findings)), "host": host})),
			)
		}),
	)
}

// start runs the fetch: config.json, the processor configs, then the
// checkpoint's size from its index or its single file's header.
func (h *hubFetch) start(ctx app.Context) {
	repo, err := view.RepoID(h.Repo)
	if err != nil {
		h.msg = err.Error()
		return
	}
	hub, err := h.hub()
	if err != nil {
		h.msg = err.Error()
		return
	}
	h.busy, h.msg = true, ""
	var files view.HubFiles
	fail := func(ctx app.Context, file string, status int, why string) {
		h.busy = false
		switch {
		case status == 401 || status == 403:
			h.askToken = true
			h.msg = h.f("hub.gated", map[string]string{"host": hub.Host(), "status": strconv.Itoa(status)})
		case status == 404:
			h.msg = h.f("hub.missing", map[string]string{"file": file, "repo": repo})
		case why == "timeout":
			h.msg = h.f("hub.timeout", map[string]string{"host": hub.Host()})
		case why == "network":
			h.msg = h.f("hub.blocked", map[string]string{"host": hub.Host()})
		case why != "":
			h.msg = why
		default:
			h.msg = h.f("hub.status", map[string]string{"file": file, "status": strconv.Itoa(status)})
		}
	}
	finish := func(ctx app.Context) {
		h.busy = false
		p := view.HubModel(repo, files)
		if p.Apply == nil {
			msg := ""
			if len(p.Findings) > 0 {
				msg = p.Findings[0].Detail
			}
			h.msg = h.f("hub.unreadable", map[string]string{"why": msg})
			return
		}
		h.result, h.fetched = p, repo
		h.use(ctx, p)
	}
	get := func(file, rng string, limit int, next func(ctx app.Context, status int, body []byte)) {
		hubGet(ctx, hub.FileURL(repo, file), h.token, rng, limit, func(ctx app.Context, status int, body []byte, why string) {
			if why != "" {
				fail(ctx, file, status, why)
				return
			}
			next(ctx, status, body)
		})
	}
	optional := func(status int, body []byte) string {
		if status == 200 {
			return string(body)
		}
		return ""
	}
	weights := func(ctx app.Context) {
		get("model.safetensors.index.json", "", view.MaxHubIndex, func(ctx app.Context, status int, body []byte) {
			if status == 200 {
				if n, err := view.IndexBytes(body); err == nil {
					files.Weights = n
				}
				finish(ctx)
				return
			}
			get("model.safetensors", "bytes=0-7", 8, func(ctx app.Context, status int, body []byte) {
				n, err := view.HeaderLength(body)
				if (status != 200 && status != 206) || err != nil {
					finish(ctx) // no single file either: the dimensions size the weights
					return
				}
				get("model.safetensors", "bytes=8-"+strconv.FormatInt(7+n, 10), int(n), func(ctx app.Context, status int, body []byte) {
					if b, err := view.HeaderBytes(body); err == nil && (status == 200 || status == 206) {
						files.Weights = b
					}
					finish(ctx)
				})
			})
		})
	}
	get("config.json", "", view.MaxHubConfig, func(ctx app.Context, status int, body []byte) {
		if status != 200 {
			fail(ctx, "config.json", status, "")
			return
		}
		files.Config = string(body)
		get("preprocessor_config.json", "", view.MaxHubConfig, func(ctx app.Context, status int, body []byte) {
			files.Preprocessor = optional(status, body)
			get("video_preprocessor_config.json", "", view.MaxHubConfig, func(ctx app.Context, status int, body []byte) {
				files.VideoPreprocessor = optional(status, body)
				weights(ctx)
			})
		})
	})
}

// hubGet fetches one URL from the browser (no cookies, no cache), at most
// limit bytes, and calls done on the UI goroutine with the HTTP status and
// body, or why it failed: "timeout", "network" (unreachable, or a host that
// forbids browser requests), or a message.
func hubGet(ctx app.Context, url, token, rng string, limit int, done func(ctx app.Context, status int, body []byte, why string)) {
	headers := map[string]any{}
	if token != "" {
		headers["Authorization"] = "Bearer " + token
	}
	if rng != "" {
		headers["Range"] = rng
	}
	opts := map[string]any{"method": "GET", "mode": "cors", "credentials": "omit", "cache": "no-store", "headers": headers}
	if sig := app.Window().Get("AbortSignal"); sig.Truthy() && sig.Get("timeout").Truthy() {
		opts["signal"] = sig.Call("timeout", hubTimeoutMs)
	}
	var onResp, onBody, onErr app.Func
	release := func() { onResp.Release(); onBody.Release(); onErr.Release() }
	status := 0
	onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		why := "network"
		if len(args) > 0 && args[0].Truthy() {
			if name := args[0].Get("name").String(); name == "TimeoutError" || name == "AbortError" {
				why = "timeout"
			}
		}
		ctx.Dispatch(func(ctx app.Context) { done(ctx, status, nil, why) })
		release()
		return nil
	})
	onBody = app.FuncOf(func(this app.Value, args []app.Value) any {
		buf := app.Window().Get("Uint8Array").New(args[0])
		n := buf.Length()
		var body []byte
		why := ""
		if n > limit {
			why = "the file is larger than " + strconv.Itoa(limit>>20) + " MiB"
		} else {
			body = make([]byte, n)
			app.CopyBytesToGo(body, buf)
		}
		ctx.Dispatch(func(ctx app.Context) { done(ctx, status, body, why) })
		release()
		return nil
	})
	onResp = app.FuncOf(func(this app.Value, args []app.Value) any {
		r := args[0]
		status = r.Get("status").Int()
		if status != 200 && status != 206 {
			ctx.Dispatch(func(ctx app.Context) { done(ctx, status, nil, "") })
			release()
			return nil
		}
		if cl := r.Get("headers").Call("get", "content-length"); cl.Truthy() {
			if n, err := strconv.Atoi(strings.TrimSpace(cl.String())); err == nil && n > limit {
				ctx.Dispatch(func(ctx app.Context) {
					done(ctx, status, nil, "the file is larger than "+strconv.Itoa(limit>>20)+" MiB")
				})
				release()
				return nil
			}
		}
		r.Call("arrayBuffer").Call("then", onBody, onErr)
		return nil
	})
	app.Window().Call("fetch", url, opts).Call("then", onResp, onErr)
}
