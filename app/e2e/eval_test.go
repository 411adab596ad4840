//go:build !js

package e2e

import "github.com/chromedp/chromedp"

// awaitPromise makes Evaluate wait for a returned promise.
var awaitPromise = chromedp.EvalAwaitPromise
