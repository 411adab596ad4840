package i18n

// Texts of the paste flow: what vLLM's argument parser refuses, and what a
// paste keeps from the page.
var pasteFlowEN = pairs([]string{
	"ui.paste_exits", "vLLM exits while parsing its arguments",
	"ui.paste_exits_fix", "Nothing is loaded, so no memory check runs. The corrected command below is what was evidently meant.",
	"ui.paste_exits_nofix", "Nothing is loaded, so no memory check runs. Correct the argument and paste the command again.",
	"ui.kept", "Kept from the page:",
	"ui.kept_model", "the model, {value} (the paste names no catalog model)",
	"ui.kept_device", "the device, {value} (the paste names no device or total)",
	"ui.kept_engine", "the release, {value} (the paste names no version)",
	"ui.kept_platform", "the device, {value}, although the pasted release runs on another platform: pick a device for it",
	"ui.list_sep", "; ",
	"ui.embed_fix", "Fix:",
	"ui.starting", "The calculator is still starting: what you type now is kept and applied in a moment.",
	"ui.summary_edit", "Edit",
	"ui.summary", "Scenario",
	"ui.calibrated", "Calibrated with the log's figures: {figures}.",
	"ui.calibrated_reset", "Drop the calibration",
	// What each startup check's failure is called in the verdict.
	"gate.free-memory.failed", "too little free memory at startup",
	"gate.weights-fit.failed", "the weights do not fit",
	"gate.profile-oom.failed", "out of memory in the profile run",
	"gate.no-kv-memory.failed", "no memory left for the KV cache",
	"gate.max-len-fits.failed", "one max_model_len request does not fit",
	"gate.kv-init-fits.failed", "out of memory allocating the KV cache",
	"gate.graphs-fit.failed", "out of memory in graph capture",
})

var pasteFlowZH = pairs([]string{
	"ui.paste_exits", "vLLM 在解析参数时就会退出",
	"ui.paste_exits_fix", "没有加载任何东西，也就不会进行显存检查。下面修正后的命令是本意。",
	"ui.paste_exits_nofix", "没有加载任何东西，也就不会进行显存检查。请修正该参数后重新粘贴命令。",
	"ui.kept", "沿用页面上的：",
	"ui.kept_model", "模型 {value}（粘贴内容没有写明目录中的模型）",
	"ui.kept_device", "设备 {value}（粘贴内容没有写明设备或总显存）",
	"ui.kept_engine", "版本 {value}（粘贴内容没有写明版本）",
	"ui.kept_platform", "设备 {value}，但粘贴的版本运行在另一种平台上：请为它选择设备",
	"ui.list_sep", "；",
	"ui.embed_fix", "修正：",
	"ui.starting", "计算器仍在启动：现在输入的内容会保留，稍后自动生效。",
	"ui.summary_edit", "修改",
	"ui.summary", "场景",
	"ui.calibrated", "已用日志中的数字校准：{figures}。",
	"ui.calibrated_reset", "取消校准",
	"gate.free-memory.failed", "启动时空闲显存不足",
	"gate.weights-fit.failed", "权重放不下",
	"gate.profile-oom.failed", "profile 运行时显存不足",
	"gate.no-kv-memory.failed", "没有留给 KV cache 的显存",
	"gate.max-len-fits.failed", "放不下一个 max_model_len 请求",
	"gate.kv-init-fits.failed", "分配 KV cache 时显存不足",
	"gate.graphs-fit.failed", "graph 捕获时显存不足",
})

func init() {
	add(pasteFlowEN, pasteFlowZH)
}
