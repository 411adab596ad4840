//go:build !js

package e2e

import (
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/target"
)

func targetID(s string) target.ID { return target.ID(s) }

// fits reports whether "HxW" is within h x w.
func fits(hw string, h, w int) bool {
	parts := strings.Split(hw, "x")
	if len(parts) != 2 {
		return false
	}
	gh, err1 := strconv.Atoi(parts[0])
	gw, err2 := strconv.Atoi(parts[1])
	return err1 == nil && err2 == nil && gh <= h && gw <= w
}
