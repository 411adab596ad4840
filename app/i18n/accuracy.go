package i18n

// The accuracy page's texts (?view=accuracy), kept apart from the
// calculator's; init merges them into the tables.
var accuracyEN = pairs([]string{
	"acc.link", "Accuracy",
	"acc.title", "How far to trust each number",
	"acc.intro", "The calculator replayed {replayed} of the {cases} real startup logs in its repository, each with the settings its source states and nothing taken from its own figures. Each figure below is what vLLM printed against what the calculator predicts for the same release; {right} of {total} start-or-fail verdicts are right. The table is generated from the replay when the site is built.",
	"acc.calibrated", "Calibrated: the log's own activation, non-torch and graph figures adopted, so only the remaining arithmetic is checked.",
	"acc.back", "Back to the calculator",
	"acc.loading", "Loading the replay…",
	"acc.failed", "The replay could not be loaded: {error}",
	"acc.figures", "Error per figure",
	"acc.figure", "Figure",
	"acc.n", "Cases",
	"acc.mean", "Mean |error|",
	"acc.median", "Median |error|",
	"acc.mean_abs", "Mean |error| (GiB or count)",
	"acc.cal_mean", "Calibrated mean |error|",
	"acc.releases", "Error per release",
	"acc.release", "Release",
	"acc.cases", "Every replayed case",
	"acc.case", "Case (source)",
	"acc.exact", "named by the log",
	"acc.inferred", "inferred from the log",
	"acc.unknown", "version not stated: weights only, on the latest release",
	"acc.verdict", "Verdict",
	"acc.verdict_right", "right: {got}",
	"acc.verdict_wrong", "wrong: predicted {got}, the log {want}",
	"acc.starts", "starts",
	"acc.fails", "fails",
	"acc.fails_at", "fails at {gate}",
	"acc.skipped", "Cases not replayed, and why ({n})",
	"fig.weights", "Weights",
	"fig.activation", "Activation peak",
	"fig.non-torch", "Non-torch memory",
	"fig.graphs", "Graph memory",
	"fig.kv", "KV cache (GiB)",
	"fig.kv-tokens", "KV cache (tokens)",
	"fig.concurrency", "Maximum concurrency",
})

var accuracyZH = pairs([]string{
	"acc.link", "准确度",
	"acc.title", "每个数字可信到什么程度",
	"acc.intro", "计算器重放了仓库中 {cases} 份真实启动日志里的 {replayed} 份：每份只用其来源写明的设置，不取日志本身的数字。下表把 vLLM 打印的数字与计算器对同一版本的预测放在一起；{total} 个“能否启动”的判断中对了 {right} 个。表格在构建网站时由重放生成。",
	"acc.calibrated", "校准：采用日志自己的激活、非 torch 和 graph 数字，只检验剩下的算术。",
	"acc.back", "返回计算器",
	"acc.loading", "正在加载重放结果…",
	"acc.failed", "无法加载重放结果：{error}",
	"acc.figures", "各项数字的误差",
	"acc.figure", "数字",
	"acc.n", "案例数",
	"acc.mean", "平均 |误差|",
	"acc.median", "中位 |误差|",
	"acc.mean_abs", "平均 |误差|（GiB 或个数）",
	"acc.cal_mean", "校准后平均 |误差|",
	"acc.releases", "各版本的误差",
	"acc.release", "版本",
	"acc.cases", "所有重放的案例",
	"acc.case", "案例（来源）",
	"acc.exact", "日志写明的版本",
	"acc.inferred", "由日志推断的版本",
	"acc.unknown", "未写明版本：只在最新版本上比较权重",
	"acc.verdict", "判断",
	"acc.verdict_right", "正确：{got}",
	"acc.verdict_wrong", "错误：预测 {got}，日志 {want}",
	"acc.starts", "能启动",
	"acc.fails", "启动失败",
	"acc.fails_at", "在 {gate} 失败",
	"acc.skipped", "未能重放的案例及原因（{n}）",
	"fig.weights", "权重",
	"fig.activation", "激活峰值",
	"fig.non-torch", "非 torch 显存",
	"fig.graphs", "graph 显存",
	"fig.kv", "KV cache（GiB）",
	"fig.kv-tokens", "KV cache（token 数）",
	"fig.concurrency", "最大并发",
})

func init() {
	for k, v := range accuracyEN {
		en[k] = v
	}
	for k, v := range accuracyZH {
		zh[k] = v
	}
}
