package i18n

// The model hub fetch's texts.
var hubEN = pairs([]string{
	"hub.intro", "Read this model's config.json, processor configs and checkpoint size from a model hub, in this browser. Nothing is requested until you click.",
	"hub.endpoint", "Hub",
	"hub.custom", "Another hub (its address)",
	"hub.base", "Address",
	"hub.layout_hf", "Hugging Face layout (/<repo>/resolve/main/<file>)",
	"hub.layout_ms", "ModelScope layout (/api/v1/models/<repo>/repo?FilePath=<file>)",
	"hub.token", "Access token (kept in this page's memory only)",
	"hub.fetch", "Fetch from {host}",
	"hub.fetching", "Fetching from {host}…",
	"hub.read", "Read from {host}: {n} fields, as a pasted config would be.",
	"hub.gated", "{host} answered {status}: the repository is gated or private. Enter an access token and fetch again.",
	"hub.missing", "No {file} in {repo} on this hub (404): check the id, or pick another hub.",
	"hub.timeout", "{host} did not answer within 20 seconds.",
	"hub.blocked", "{host} cannot be reached from this page, or forbids requests from browsers (CORS). Paste the model's config.json in the paste box instead.",
	"hub.status", "{file}: the hub answered {status}.",
	"hub.unreadable", "The fetched config cannot be sized: {why}",
	"ui.weights_from_files", "(the checkpoint's files)",
})

var hubZH = pairs([]string{
	"hub.intro", "在本浏览器中从模型仓库读取该模型的 config.json、预处理配置和检查点大小。点击之前不会发出任何请求。",
	"hub.endpoint", "模型仓库",
	"hub.custom", "其他仓库（填写地址）",
	"hub.base", "地址",
	"hub.layout_hf", "Hugging Face 路径格式（/<repo>/resolve/main/<file>）",
	"hub.layout_ms", "ModelScope 路径格式（/api/v1/models/<repo>/repo?FilePath=<file>）",
	"hub.token", "访问令牌（只保存在本页内存中）",
	"hub.fetch", "从 {host} 获取",
	"hub.fetching", "正在从 {host} 获取…",
	"hub.read", "已从 {host} 读取：{n} 个字段，与粘贴 config 的结果相同。",
	"hub.gated", "{host} 返回 {status}：该仓库需要授权或为私有。请输入访问令牌后重新获取。",
	"hub.missing", "该仓库上 {repo} 中没有 {file}（404）：请检查模型 id，或换一个仓库。",
	"hub.timeout", "{host} 在 20 秒内没有响应。",
	"hub.blocked", "本页无法访问 {host}，或它禁止浏览器请求（CORS）。请改为在粘贴框中粘贴模型的 config.json。",
	"hub.status", "{file}：仓库返回 {status}。",
	"hub.unreadable", "获取到的 config 无法计算：{why}",
	"ui.weights_from_files", "（检查点文件）",
})

func init() {
	add(hubEN, hubZH)
	zhDetails["%d bytes of tensors in the checkpoint's files: the weights"] = "检查点文件中张量共 %d 字节：即权重"
}
