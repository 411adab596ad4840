package i18n

// The card view's texts (?view=card).
var cardEN = pairs([]string{
	"card.link", "Card",
	"card.title", "One card, several tenants: {device} ({total} the runtime reports)",
	"card.empty", "No residents yet: add a program by its footprint, paste commands or logs below, or use “Add to a card” on the calculator.",
	"card.all_start", "In this order all {n} start; {free} stays free.",
	"card.stops", "In this order number {pos}, {name}, does not start: {gate}.",
	"card.holds", "Finds {held} held; holds {holds} once started; {free} free after it.",
	"card.kv", "KV cache {kv}; in this order its utilization can go up to {maxu}.",
	"card.maxu", "With the residents before it as they are, it and those after it start at a utilization up to {u}.",
	"card.up", "Earlier",
	"card.down", "Later",
	"card.remove", "Remove",
	"card.no_order", "No order of these residents starts everyone.",
	"card.orders", "{n} of the {of} orders start everyone (residents by their number above):",
	"card.add", "Add residents",
	"card.add_help", "Residents start in the order listed, each finding what the ones before it hold. An instance uses its own release's rules.",
	"card.program", "A program holding (GiB)",
	"card.add_program", "Add the program",
	"card.paste", "Commands or startup logs, one per block (blank lines between them)",
	"card.add_paste", "Add them as instances",
	"card.program_bad", "A program's footprint is a number of GiB above 0.",
	"card.pasted", "{added} added, {skipped} not read as a vLLM launch.",
	"ui.add_to_card", "Add to a card",
})

var cardZH = pairs([]string{
	"card.link", "单卡多实例",
	"card.title", "一张卡上的多个租户：{device}（运行时报告 {total}）",
	"card.empty", "还没有租户：按占用显存添加一个程序，在下方粘贴命令或日志，或在计算器页面使用“加入这张卡”。",
	"card.all_start", "按这个顺序，{n} 个全部能启动；剩余空闲 {free}。",
	"card.stops", "按这个顺序，第 {pos} 个（{name}）无法启动：{gate}。",
	"card.holds", "启动时已有 {held} 被占用；启动后自身占用 {holds}；之后空闲 {free}。",
	"card.kv", "KV cache {kv}；在这个顺序下它的显存利用率最高可到 {maxu}。",
	"card.maxu", "前面的租户保持不变时，它和后面的租户都能启动的利用率上限为 {u}。",
	"card.up", "提前",
	"card.down", "推后",
	"card.remove", "移除",
	"card.no_order", "这些租户没有任何启动顺序能让全部启动。",
	"card.orders", "{of} 种顺序中有 {n} 种能让全部启动（编号同上）：",
	"card.add", "添加租户",
	"card.add_help", "租户按列出的顺序启动，每个都会看到前面租户占用的显存。每个实例按它自己版本的规则计算。",
	"card.program", "程序占用（GiB）",
	"card.add_program", "添加程序",
	"card.paste", "命令或启动日志，每段一个（段之间空一行）",
	"card.add_paste", "作为实例添加",
	"card.program_bad", "程序占用应为大于 0 的 GiB 数。",
	"card.pasted", "添加了 {added} 个，{skipped} 段没有读出 vLLM 启动。",
	"ui.add_to_card", "加入这张卡",
})

func init() {
	add(cardEN, cardZH)
}
