package view

import (
	"fmt"

	"vram/app/urlstate"
	"vram/calc"
	"vram/calc/hfconfig"
	"vram/presets"
)

// Notice is a problem with the address that the page shows and works
// around: the decoder's notice, one type for both.
type Notice = urlstate.Notice

// Scenario builds the deployment a page state describes: the preset (or the
// default one), with every override of the state applied. Unknown ids give a
// notice and keep the preset's value, never an empty page.
func Scenario(st urlstate.State) (calc.Scenario, presets.Preset, []Notice) {
	var notes []Notice
	p, ok := presets.PresetByName(st.Preset)
	if !ok {
		if st.Preset != "" {
			notes = append(notes, Notice{Key: "p", Message: fmt.Sprintf("unknown preset %q; showing %q", st.Preset, presets.DefaultPreset)})
		}
		p, _ = presets.PresetByName(presets.DefaultPreset)
	}
	sc, err := p.Scenario()
	if err != nil {
		notes = append(notes, Notice{Key: "p", Message: err.Error()})
	}
	switch {
	case st.CustomModel != "":
		// A model from a pasted config.json, carried compactly in the link.
		if m, err := hfconfig.Expand(st.CustomModel); err == nil {
			sc.Model = m
		} else {
			notes = append(notes, Notice{Key: "cm", Message: err.Error() + "; showing the preset's model"})
		}
	case st.Model != "":
		if m, ok := presets.ModelByID(st.Model); ok {
			sc.Model = m
		} else {
			notes = append(notes, Notice{Key: "m", Message: fmt.Sprintf("unknown model %q", st.Model)})
		}
	}
	if st.Device != "" {
		if d, ok := presets.DeviceByID(st.Device); ok {
			sc.Device = d
		} else {
			notes = append(notes, Notice{Key: "d", Message: fmt.Sprintf("unknown device %q", st.Device)})
		}
	}
	if st.DeviceTotalGiB > 0 {
		sc.Device.Total = calc.FromGiB(st.DeviceTotalGiB)
		sc.Device.TotalSource = "set by you"
		if sc.Device.Nameplate < sc.Device.Total {
			sc.Device.Nameplate = 0
		}
	}
	if st.Engine != "" {
		if e, ok := presets.EngineByID(st.Engine); ok {
			sc.Engine = e
		} else {
			notes = append(notes, Notice{Key: "e", Message: fmt.Sprintf("unknown engine %q", st.Engine)})
		}
	}
	if onAscend := sc.Device.Platform == calc.Ascend; st.Engine == "" && onAscend != (sc.Engine.Project == presets.Ascend) {
		// The preset's engine runs on the other platform: the newest
		// release of the device's.
		e := presets.LatestEngine(sc.Device.Platform)
		notes = append(notes, Notice{Message: fmt.Sprintf("%s does not run on %s; showing %s", sc.Engine.Name, sc.Device.Name, e.Name)})
		sc.Engine = e
	}
	if st.DeviceCount > 0 {
		sc.DeviceCount = st.DeviceCount
	}
	if st.TP > 0 {
		sc.TensorParallel = st.TP
	}
	if st.PP > 0 {
		sc.PipelineParallel = st.PP
	}
	if st.DP > 0 {
		sc.DataParallel = st.DP
	}
	if st.OwnOptions {
		sc.Options = st.Options
	} else {
		sc.Options = sc.Options.With(st.Options)
	}
	if st.OthersSet() {
		sc.OtherProcesses = calc.FromGiB(st.OthersGB())
	}
	if st.Calibration != nil {
		sc.Calibration = st.Calibration
	}
	return sc, p, notes
}
