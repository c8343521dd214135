<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountFormWidget</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>4 to 6 digits</source>
        <translation>4 到 6 位数字</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <source>Type the same PIN again</source>
        <translation>再次输入同一密码</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>The two PINs are not the same; type the PIN again</source>
        <translation>两次输入的密码不一致，请重新输入</translation>
    </message>
</context>
<context>
    <name>CardPayPage</name>
    <message>
        <source>Amount paid by card</source>
        <translation>刷卡金额</translation>
    </message>
    <message>
        <source>Trace number (参考号) on the terminal&apos;s slip</source>
        <translation>参考号（刷卡终端小票上）</translation>
    </message>
    <message>
        <source>e.g. 123456789012</source>
        <translation>例如 123456789012</translation>
    </message>
    <message>
        <source>Take the card on the card terminal first. When the terminal says the payment went through, type the trace number from its slip here. The till never records card numbers.</source>
        <translation>请先在刷卡终端上刷卡，终端显示交易成功后，在此输入小票上的参考号。本机不记录卡号。</translation>
    </message>
    <message>
        <source>Card approved: add {amount}</source>
        <translation>刷卡成功，记入 {amount}</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>Item</source>
        <translation>品名</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Price changed by hand</source>
        <translation>已手工改价</translation>
    </message>
</context>
<context>
    <name>CartPanelWidget</name>
    <message>
        <source>The cart is empty: scan an item to start</source>
        <translation>购物车是空的，请扫描商品开始收银</translation>
    </message>
</context>
<context>
    <name>CashMovementDialog</name>
    <message>
        <source>Cash in / out</source>
        <translation>存入/取出现金</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Pay in (put cash in)</source>
        <translation>存入现金</translation>
    </message>
    <message>
        <source>Pay out (take cash out)</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reason (tap one above or type)</source>
        <translation>原因（点选上方或直接输入）</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Change float</source>
        <translation>找零备用金</translation>
    </message>
    <message>
        <source>Supplier payment</source>
        <translation>供应商付款</translation>
    </message>
    <message>
        <source>Bank deposit</source>
        <translation>存入银行</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>CashPayPage</name>
    <message>
        <source>Amount due</source>
        <translation>应收</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Confirm payment</source>
        <translation>确认收款</translation>
    </message>
    <message>
        <source>Left to pay</source>
        <translation>还需支付</translation>
    </message>
    <message>
        <source>Exact {amount}</source>
        <translation>收现 {amount}</translation>
    </message>
    <message>
        <source>Still to pay</source>
        <translation>还差</translation>
    </message>
</context>
<context>
    <name>CashierDialog</name>
    <message>
        <source>Cashiers</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Accounts at this till</source>
        <translation>本机账号</translation>
    </message>
    <message>
        <source>Add an account</source>
        <translation>添加账号</translation>
    </message>
    <message>
        <source>Name shown on the login screen</source>
        <translation>登录界面上显示的姓名</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name}（{role}）</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Added {role} {name}: they can log in now</source>
        <translation>已添加{role} {name}，现在即可登录</translation>
    </message>
</context>
<context>
    <name>CashierTableModel</name>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Avg basket</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>Items/basket</source>
        <translation>客件数</translation>
    </message>
</context>
<context>
    <name>CatalogImportDialog</name>
    <message>
        <source>Import catalog</source>
        <translation>导入商品</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Saving: {done} of {total} rows</source>
        <translation>正在写入：{done} / {total} 行</translation>
    </message>
    <message>
        <source>Checking: {done} of {total} rows</source>
        <translation>正在检查：{done} / {total} 行</translation>
    </message>
    <message>
        <source>Catalog imported: {created} new, {updated} updated</source>
        <translation>商品已导入：新增 {created}，更新 {updated}</translation>
    </message>
</context>
<context>
    <name>CategoryBarWidget</name>
    <message>
        <source>Favourites</source>
        <translation>常用</translation>
    </message>
</context>
<context>
    <name>CategoryTableModel</name>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>DayClose</name>
    <message>
        <source>Close business day {day} with a Z report?
Net sales {net} in {orders} orders. A Z report cannot be changed afterwards; sales from now on count for the next day.</source>
        <translation>确定日结营业日 {day} 并生成 Z 报表？
净销售额 {net}，共 {orders} 笔订单。Z 报表生成后不能修改；此后的销售计入下一营业日。</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Closing business day {day} needs a manager&apos;s approval</source>
        <translation>日结营业日 {day} 需要店长授权</translation>
    </message>
    <message>
        <source>Closing business day {day}…</source>
        <translation>正在日结营业日 {day}…</translation>
    </message>
    <message>
        <source>Business day {day} is closed: Z No. {number}, net sales {net}, grand total {grand}</source>
        <translation>营业日 {day} 已日结：Z 报表第 {number} 号，净销售额 {net}，累计总额 {grand}</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>Percent off</source>
        <translation>按百分比</translation>
    </message>
    <message>
        <source>Amount off</source>
        <translation>按金额</translation>
    </message>
    <message>
        <source>5% off</source>
        <translation>95折</translation>
    </message>
    <message>
        <source>10% off</source>
        <translation>9折</translation>
    </message>
    <message>
        <source>20% off</source>
        <translation>8折</translation>
    </message>
    <message>
        <source>30% off</source>
        <translation>7折</translation>
    </message>
    <message>
        <source>50% off</source>
        <translation>5折</translation>
    </message>
    <message>
        <source>Remove discount</source>
        <translation>取消折扣</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Percent off, e.g. 15</source>
        <translation>减免百分比，如 15</translation>
    </message>
    <message>
        <source>Amount off in yuan, e.g. 5.00</source>
        <translation>减免金额（元），如 5.00</translation>
    </message>
</context>
<context>
    <name>Entry</name>
    <message>
        <source>Enter a whole number</source>
        <translation>请输入整数</translation>
    </message>
    <message>
        <source>Enter a weight like 0.255 kg or 255 g</source>
        <translation>请输入重量，如 0.255 千克或 255 克</translation>
    </message>
    <message>
        <source>Enter a percentage like 10 or 12.5</source>
        <translation>请输入百分比，如 10 或 12.5</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
</context>
<context>
    <name>FigureTilesWidget</name>
    <message>
        <source>Net sales</source>
        <translation>净销售额</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Average basket</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>Gross sales</source>
        <translation>销售总额</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Rounding off</source>
        <translation>抹零</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Reprints</source>
        <translation>重印小票</translation>
    </message>
    <message>
        <source>No-sale opens</source>
        <translation>无销售开钱箱</translation>
    </message>
    <message>
        <source>Cash expected</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Cash counted</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <source>Over / short</source>
        <translation>长短款</translation>
    </message>
    <message>
        <source>gross less voids and refunds</source>
        <translation>销售总额减作废和退款</translation>
    </message>
    <message>
        <source>grand total {amount}</source>
        <translation>累计总额 {amount}</translation>
    </message>
    <message>
        <source>{count} items</source>
        <translation>{count} 件</translation>
    </message>
    <message>
        <source>{count} times</source>
        <translation>{count} 次</translation>
    </message>
    <message>
        <source>{count} shifts</source>
        <translation>{count} 个班次</translation>
    </message>
    <message>
        <source>a shift is open</source>
        <translation>有班次未交班</translation>
    </message>
    <message>
        <source>no shift</source>
        <translation>无班次</translation>
    </message>
    <message>
        <source>balanced</source>
        <translation>平</translation>
    </message>
    <message>
        <source>over</source>
        <translation>长款</translation>
    </message>
    <message>
        <source>short</source>
        <translation>短款</translation>
    </message>
</context>
<context>
    <name>FiguresWidget</name>
    <message>
        <source>Amount due</source>
        <translation>应收</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已收</translation>
    </message>
    <message>
        <source>Left to pay</source>
        <translation>还需支付</translation>
    </message>
</context>
<context>
    <name>FirstRunWidget</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <source>This till has no accounts yet. Name the shop, then create its first manager.</source>
        <translation>这台收银机还没有账号。请先设置店名，再创建第一位店长。</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>店名</translation>
    </message>
    <message>
        <source>Printed on every receipt; a manager can change it in Settings</source>
        <translation>印在每张小票上，店长可在“设置”中修改</translation>
    </message>
    <message>
        <source>First manager</source>
        <translation>第一位店长</translation>
    </message>
    <message>
        <source>Approves discounts, price changes, voids and settings</source>
        <translation>负责授权折扣、改价、作废订单和修改设置</translation>
    </message>
    <message>
        <source>Log in and sell</source>
        <translation>登录收银</translation>
    </message>
    <message>
        <source>The manager adds cashiers under Settings → Cashiers</source>
        <translation>店长可在“设置 → 收银员”中添加收银员</translation>
    </message>
    <message>
        <source>The manager&apos;s name</source>
        <translation>店长姓名</translation>
    </message>
    <message>
        <source>Create manager and continue</source>
        <translation>创建店长并继续</translation>
    </message>
    <message>
        <source>Shop and first manager</source>
        <translation>店铺与店长</translation>
    </message>
    <message>
        <source>Creating the manager…</source>
        <translation>正在创建店长…</translation>
    </message>
</context>
<context>
    <name>HeldOrdersDialog</name>
    <message>
        <source>Recall a held order</source>
        <translation>取单</translation>
    </message>
    <message>
        <source>No orders are on hold</source>
        <translation>没有挂单</translation>
    </message>
    <message>
        <source>{label}   {time}   {lines} lines   {total}</source>
        <translation>{label}   {time}   {lines} 行   {total}</translation>
    </message>
</context>
<context>
    <name>HourChartView</name>
    <message>
        <source>Sales by hour (hour of the day, ¥)</source>
        <translation>分时段销售额（时，元）</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>No sales yet</source>
        <translation>暂无销售</translation>
    </message>
</context>
<context>
    <name>KeypadWidget</name>
    <message>
        <source>Back</source>
        <translation>退格</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Choose your name, then enter your PIN</source>
        <translation>请选择您的名字，然后输入密码</translation>
    </message>
    <message>
        <source>Locked by {name}. Their open order is kept; any cashier may log in.</source>
        <translation>{name} 已锁屏，未结订单已保留；任何收银员都可以登录。</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>{count} items open</source>
        <translation>{count} 件未结</translation>
    </message>
    <message>
        <source>Who is at the till?</source>
        <translation>请选择收银员</translation>
    </message>
    <message>
        <source>Manager {name} is ready: enter the PIN to log in</source>
        <translation>店长 {name} 已创建，请输入密码登录</translation>
    </message>
    <message>
        <source>Log in first, then scan</source>
        <translation>请先登录，再扫码</translation>
    </message>
    <message>
        <source>Choose your name first</source>
        <translation>请先选择您的名字</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Cashier: {name}</source>
        <translation>收银员：{name}</translation>
    </message>
    <message>
        <source>{count} products</source>
        <translation>商品 {count} 种</translation>
    </message>
    <message>
        <source>Loading catalog…</source>
        <translation>正在加载商品…</translation>
    </message>
    <message>
        <source>No printer</source>
        <translation>未设置打印机</translation>
    </message>
    <message>
        <source>Printer: {problem} ({count} waiting)</source>
        <translation>打印机：{problem}（{count} 张待打印）</translation>
    </message>
    <message>
        <source>Printer ready</source>
        <translation>打印机正常</translation>
    </message>
    <message>
        <source>Offline ({count} waiting)</source>
        <translation>离线（{count} 条待同步）</translation>
    </message>
    <message>
        <source>Cloud: online ({count} waiting)</source>
        <translation>云端在线（{count} 条待同步）</translation>
    </message>
    <message>
        <source>{count} refused</source>
        <translation>{count} 条被拒</translation>
    </message>
    <message>
        <source>clock off by {seconds} s</source>
        <translation>时钟偏差 {seconds} 秒</translation>
    </message>
    <message>
        <source>journal broken at entry {seq}</source>
        <translation>防篡改日志在第 {seq} 条断开</translation>
    </message>
    <message>
        <source>{shop} – Till</source>
        <translation>{shop} – 收银台</translation>
    </message>
</context>
<context>
    <name>ManagerActions</name>
    <message>
        <source>A manager must approve opening the reports</source>
        <translation>查看报表需要店长授权</translation>
    </message>
</context>
<context>
    <name>ManagerOrdersPage</name>
    <message>
        <source>All orders of the day</source>
        <translation>当天全部订单</translation>
    </message>
    <message>
        <source>Loading orders…</source>
        <translation>正在加载订单…</translation>
    </message>
    <message>
        <source>paid by {tender}</source>
        <translation>{tender} 付款</translation>
    </message>
    <message>
        <source>all orders</source>
        <translation>全部订单</translation>
    </message>
    <message>
        <source>{count} orders</source>
        <translation>{count} 笔订单</translation>
    </message>
    <message>
        <source>the newest {count} orders</source>
        <translation>最近 {count} 笔订单</translation>
    </message>
    <message>
        <source>No orders here</source>
        <translation>没有订单</translation>
    </message>
</context>
<context>
    <name>ManagerScreen</name>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>The day before</source>
        <translation>前一天</translation>
    </message>
    <message>
        <source>The day after</source>
        <translation>后一天</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>明细</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Print X report</source>
        <translation>打印 X 报表</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Close the day (Z)</source>
        <translation>日结（Z 报表）</translation>
    </message>
    <message>
        <source>Print Z report</source>
        <translation>打印 Z 报表</translation>
    </message>
    <message>
        <source>This day is closed</source>
        <translation>该营业日已日结</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>closed, Z No. {number}</source>
        <translation>已日结，Z 报表第 {number} 号</translation>
    </message>
</context>
<context>
    <name>ManagerTablesPage</name>
    <message>
        <source>By tender (tap one for its orders)</source>
        <translation>按支付方式（点一行查看订单）</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>按收银员</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>Tax by rate</source>
        <translation>按税率</translation>
    </message>
</context>
<context>
    <name>NoticeBannerWidget</name>
    <message>
        <source>QR payments</source>
        <translation>扫码收款</translation>
    </message>
    <message>
        <source>Got it</source>
        <translation>知道了</translation>
    </message>
</context>
<context>
    <name>NumberEntryDialog</name>
    <message>
        <source>Item name</source>
        <translation>商品名称</translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation>价格（元）</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>kg</source>
        <translation>千克</translation>
    </message>
    <message>
        <source>g</source>
        <translation>克</translation>
    </message>
    <message>
        <source>A barcode is digits only</source>
        <translation>条码只能包含数字</translation>
    </message>
</context>
<context>
    <name>OrderActions</name>
    <message>
        <source>Please wait: the order is being saved.</source>
        <translation>请稍候，正在保存订单。</translation>
    </message>
    <message>
        <source>{first} and {more} more</source>
        <translation>{first} 等{more}项</translation>
    </message>
    <message>
        <source>Put on hold: {label}  {total}</source>
        <translation>已挂单：{label}  {total}</translation>
    </message>
    <message>
        <source>Finish or hold the current order before recalling another</source>
        <translation>请先收款或挂起当前订单，再取单</translation>
    </message>
    <message>
        <source>Order recalled</source>
        <translation>已取单</translation>
    </message>
    <message>
        <source>Order {number} was voided</source>
        <translation>订单 {number} 已作废</translation>
    </message>
    <message>
        <source>Order {number} paid: {total}, change {change}</source>
        <translation>订单 {number} 已收款 {total}，找零 {change}</translation>
    </message>
    <message>
        <source>Settings saved. The new language shows after a restart.</source>
        <translation>设置已保存。新的语言将在重启后生效。</translation>
    </message>
    <message>
        <source>Settings saved</source>
        <translation>设置已保存</translation>
    </message>
</context>
<context>
    <name>OrderDetailWidget</name>
    <message>
        <source>Tap an order to see its items and payment</source>
        <translation>点选一笔订单，查看商品和付款明细</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Void order</source>
        <translation>作废订单</translation>
    </message>
    <message>
        <source>Order {number}</source>
        <translation>订单 {number}</translation>
    </message>
    <message>
        <source>{time}   cashier {name}</source>
        <translation>{time}   收银员 {name}</translation>
    </message>
    <message>
        <source>This order is already void</source>
        <translation>该订单已作废</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
</context>
<context>
    <name>OrderHistoryDialog</name>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Orders of {day}</source>
        <translation>订单 · {day}</translation>
    </message>
    <message>
        <source>Loading orders…</source>
        <translation>正在加载订单…</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>No orders yet today</source>
        <translation>今天还没有订单</translation>
    </message>
    <message>
        <source>Order {number} is void: there is nothing to refund</source>
        <translation>订单 {number} 已作废，无需退款</translation>
    </message>
    <message>
        <source>Void order {number} of {total}: a manager must approve</source>
        <translation>作废订单 {number}（{total}）需要店长授权</translation>
    </message>
    <message>
        <source>Voiding order {number}…</source>
        <translation>正在作废订单 {number}…</translation>
    </message>
    <message>
        <source>Order {number} is void</source>
        <translation>订单 {number} 已作废</translation>
    </message>
</context>
<context>
    <name>OrderLinesModel</name>
    <message>
        <source>Item</source>
        <translation>品名</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Deleted before payment</source>
        <translation>付款前已删除</translation>
    </message>
</context>
<context>
    <name>OrderListModel</name>
    <message>
        <source>Order no.</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Manager approval</source>
        <translation>店长授权</translation>
    </message>
    <message>
        <source>There is no manager account; a manager must be created first</source>
        <translation>没有店长账号，请先创建店长</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Customer complaint</source>
        <translation>顾客投诉</translation>
    </message>
    <message>
        <source>Damaged goods</source>
        <translation>商品破损</translation>
    </message>
    <message>
        <source>Member discount</source>
        <translation>会员优惠</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Reason (tap one above or type)</source>
        <translation>原因（点选上方或直接输入）</translation>
    </message>
    <message>
        <source>Choose the manager who approves</source>
        <translation>请选择授权的店长</translation>
    </message>
</context>
<context>
    <name>PaymentSession</name>
    <message>
        <source>A payment code is being charged: wait for its result, or tap Cancel payment first</source>
        <translation>正在扫码收款，请等待结果，或先点“取消收款”</translation>
    </message>
    <message>
        <source>A payment code is being cancelled: wait for the result</source>
        <translation>正在撤销扫码款项，请等待结果</translation>
    </message>
    <message>
        <source>Please wait: the order is being saved</source>
        <translation>请稍候，正在保存订单</translation>
    </message>
    <message>
        <source>Bank card {amount}  trace no. {trace}</source>
        <translation>银行卡 {amount}  参考号 {trace}</translation>
    </message>
    <message>
        <source>The amount must be more than 0</source>
        <translation>金额必须大于 0</translation>
    </message>
    <message>
        <source>The amount cannot be more than is still to pay ({rest})</source>
        <translation>金额不能超过还需支付的 {rest}</translation>
    </message>
    <message>
        <source>Type the trace number on the card terminal&apos;s slip (4 to 32 letters or digits)</source>
        <translation>请输入刷卡终端小票上的参考号（4 到 32 位数字或字母）</translation>
    </message>
</context>
<context>
    <name>PaymentWatch</name>
    <message>
        <source>This till is not connected to the cloud: QR payments are not available. Take cash or card.</source>
        <translation>本机尚未接入云端，扫码支付不可用，请收现金或刷卡</translation>
    </message>
    <message>
        <source>The cloud cannot be reached: QR payments are unavailable. Take cash or card.</source>
        <translation>云端连接中断，扫码支付暂不可用，请收现金或刷卡</translation>
    </message>
    <message>
        <source>Cancelling {channel} {amount}: the money goes back to the customer…</source>
        <translation>正在撤销{channel} {amount}，款项将原路退回顾客…</translation>
    </message>
    <message>
        <source>{channel} {amount}: {message}</source>
        <translation>{channel} {amount}：{message}</translation>
    </message>
</context>
<context>
    <name>PinPadWidget</name>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Enter PIN</source>
        <translation>请输入密码</translation>
    </message>
</context>
<context>
    <name>PrintWorker</name>
    <message>
        <source>out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>offline (check power, cable and cover)</source>
        <translation>离线（请检查电源、连线和纸仓盖）</translation>
    </message>
    <message>
        <source>not answering</source>
        <translation>无响应</translation>
    </message>
</context>
<context>
    <name>ProductPanelWidget</name>
    <message>
        <source>Scan or search: barcode, name, pinyin initials</source>
        <translation>扫码或搜索：条码、品名、拼音首字母</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>数字键盘</translation>
    </message>
    <message>
        <source>Loading the catalog…</source>
        <translation>正在加载商品…</translation>
    </message>
    <message>
        <source>No product matches “{text}”</source>
        <translation>没有与“{text}”匹配的商品</translation>
    </message>
    <message>
        <source>No products here yet</source>
        <translation>这里还没有商品</translation>
    </message>
</context>
<context>
    <name>ReceiptActions</name>
    <message>
        <source>Reprint</source>
        <translation>重印</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>A copy of {number} is on its way to the printer</source>
        <translation>订单 {number} 的小票副本正在打印</translation>
    </message>
</context>
<context>
    <name>ReceiptPreviewDialog</name>
    <message>
        <source>Receipt preview</source>
        <translation>小票预览</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund order {number}</source>
        <translation>退款：订单 {number}</translation>
    </message>
    <message>
        <source>Tap the items the customer brings back. Each shows what was paid for it.</source>
        <translation>请点选顾客退回的商品，每行显示该商品的实付金额。</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>全部商品</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>(refunded)</source>
        <translation>（已退款）</translation>
    </message>
    <message>
        <source>Every item of this order is already refunded</source>
        <translation>这笔订单的商品已全部退款</translation>
    </message>
    <message>
        <source>To refund: {amount}</source>
        <translation>应退：{amount}</translation>
    </message>
    <message>
        <source>Refund {amount} of order {number}: a manager must approve</source>
        <translation>订单 {number} 退款 {amount}，需店长批准</translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation>正在退款…</translation>
    </message>
    <message>
        <source>Take {amount} from the drawer for the customer</source>
        <translation>请从钱箱取出 {amount} 退给顾客</translation>
    </message>
    <message>
        <source>Refund {amount} on the card terminal</source>
        <translation>请在刷卡终端上退款 {amount}</translation>
    </message>
</context>
<context>
    <name>ReportExports</name>
    <message>
        <source>The report was printed on {printer}</source>
        <translation>报表已在 {printer} 打印</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>SaleActions</name>
    <message>
        <source>Please wait: the order is being saved. Nothing was changed.</source>
        <translation>请稍候，正在保存订单。本次操作未生效。</translation>
    </message>
    <message>
        <source>Select a line in the cart first</source>
        <translation>请先在购物车中选择一行商品</translation>
    </message>
    <message>
        <source>Please wait: the order is being saved. Scan {code} again.</source>
        <translation>请稍候，正在保存订单。请重新扫描 {code}。</translation>
    </message>
    <message>
        <source>Enter by hand</source>
        <translation>手工录入</translation>
    </message>
    <message>
        <source>Enter a barcode</source>
        <translation>输入条码</translation>
    </message>
    <message>
        <source>Type the digits under the barcode</source>
        <translation>请输入条码下方的数字</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>称重</translation>
    </message>
    <message>
        <source>{name}  {price}/kg: enter the weight</source>
        <translation>{name}  {price}/kg：请输入重量</translation>
    </message>
    <message>
        <source>Name and price of the item (a manager must approve)</source>
        <translation>商品名称和价格（需要店长授权）</translation>
    </message>
    <message>
        <source>Unlisted item {code}</source>
        <translation>未登记商品 {code}</translation>
    </message>
    <message>
        <source>New weight of {name}</source>
        <translation>{name} 的新重量</translation>
    </message>
    <message>
        <source>New quantity of {name}</source>
        <translation>{name} 的新数量</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Deleted {name}</source>
        <translation>已删除 {name}</translation>
    </message>
    <message>
        <source>Item discount</source>
        <translation>单品折扣</translation>
    </message>
    <message>
        <source>Whole order  {amount}</source>
        <translation>整单  {amount}</translation>
    </message>
    <message>
        <source>Order discount</source>
        <translation>整单折扣</translation>
    </message>
    <message>
        <source>Change price</source>
        <translation>改价</translation>
    </message>
    <message>
        <source>New unit price of {name} (a manager must approve)</source>
        <translation>{name} 的新单价（需要店长授权）</translation>
    </message>
    <message>
        <source>A manager must approve opening the shop settings</source>
        <translation>打开店铺设置需要店长授权</translation>
    </message>
    <message>
        <source>A manager must approve opening the drawer with no sale</source>
        <translation>无销售开钱箱需要店长授权</translation>
    </message>
    <message>
        <source>The drawer opens</source>
        <translation>钱箱已打开</translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <source>Ready: scan an item, or search by name or pinyin initials</source>
        <translation>请扫描商品，或按品名、拼音首字母搜索</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Item discount</source>
        <translation>单品折扣</translation>
    </message>
    <message>
        <source>Order discount</source>
        <translation>整单折扣</translation>
    </message>
    <message>
        <source>Change price</source>
        <translation>改价</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>挂单</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>取单</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation>开钱箱</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>{code}: the cart is empty, add the items first</source>
        <translation>{code}：购物车是空的，请先扫商品</translation>
    </message>
    <message>
        <source>Pay  {total}</source>
        <translation>收款  {total}</translation>
    </message>
</context>
<context>
    <name>ScanPayPage</name>
    <message>
        <source>No camera: scan the customer&apos;s payment code with the scanner</source>
        <translation>未配置摄像头：请用扫码枪扫描顾客的付款码</translation>
    </message>
    <message>
        <source>Payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <source>Amount to charge</source>
        <translation>本次扫码金额</translation>
    </message>
    <message>
        <source>Change amount</source>
        <translation>改金额</translation>
    </message>
    <message>
        <source>Cancel payment</source>
        <translation>取消收款</translation>
    </message>
    <message>
        <source>Ask the customer to show their payment code</source>
        <translation>请顾客出示付款码</translation>
    </message>
    <message>
        <source>A payment is in progress: scan a new code after its result</source>
        <translation>正在收款，请等这笔有结果后再扫新的付款码</translation>
    </message>
    <message>
        <source>Code read: tap Charge</source>
        <translation>已读取付款码，请点“收款”</translation>
    </message>
    <message>
        <source>Charge less than {rest} to the payment code; take the rest another way</source>
        <translation>扫码金额可少于 {rest}，其余部分用其他方式收取</translation>
    </message>
    <message>
        <source>The amount must be more than 0 and at most {rest}</source>
        <translation>金额必须大于 0 且不超过 {rest}</translation>
    </message>
    <message>
        <source>nothing was charged</source>
        <translation>顾客未被扣款</translation>
    </message>
    <message>
        <source>the result is not known yet</source>
        <translation>暂时无法确认结果</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>提交中…</translation>
    </message>
    <message>
        <source>Charge {amount}</source>
        <translation>收款 {amount}</translation>
    </message>
    <message>
        <source>{what} is not a payment code</source>
        <translation>{what}不是付款码</translation>
    </message>
    <message>
        <source>This payment code was used already: ask the customer to refresh it</source>
        <translation>这个付款码已使用过，请顾客刷新付款码</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>支付成功</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Payment not confirmed</source>
        <translation>未能确认支付结果</translation>
    </message>
    <message>
        <source>{what}: {reason}</source>
        <translation>{what}：{reason}</translation>
    </message>
    <message>
        <source>Scan a new code, or take cash or card</source>
        <translation>可重新扫码，或改收现金、刷卡</translation>
    </message>
    <message>
        <source>Waited {seconds} s</source>
        <translation>已等待 {seconds} 秒</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在撤销…</translation>
    </message>
    <message>
        <source>A payment can be cancelled only {seconds} s after the scan: please wait</source>
        <translation>支付通道规定扫码 {seconds} 秒后才能撤销，请稍候</translation>
    </message>
    <message>
        <source>Waiting for the customer to enter their password…</source>
        <translation>等待顾客输入密码…</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>正在打开摄像头…</translation>
    </message>
    <message>
        <source>{problem}. The handheld scanner still works.</source>
        <translation>{problem}。扫码枪仍可使用。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Shop settings</source>
        <translation>店铺设置</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>店名</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <source>Cashier discount limit (%)</source>
        <translation>收银员折扣上限（%）</translation>
    </message>
    <message>
        <source>Scale label template</source>
        <translation>电子秤条码模板</translation>
    </message>
    <message>
        <source>Language (after restart)</source>
        <translation>语言（重启后生效）</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <source>Receipt footer</source>
        <translation>小票页脚</translation>
    </message>
    <message>
        <source>Camera for payment codes</source>
        <translation>扫码摄像头</translation>
    </message>
    <message>
        <source>empty: none; 0: the first camera; 1: the second</source>
        <translation>留空：不用摄像头；0：第一个摄像头；1：第二个</translation>
    </message>
    <message>
        <source>Camera resolution</source>
        <translation>摄像头分辨率</translation>
    </message>
    <message>
        <source>Blind close</source>
        <translation>盲交班</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>On: the cashier counts without seeing the expected cash</source>
        <translation>开启：收银员清点时看不到应有现金</translation>
    </message>
    <message>
        <source>Import catalog (CSV)…</source>
        <translation>导入商品（CSV）…</translation>
    </message>
    <message>
        <source>Cashiers…</source>
        <translation>收银员…</translation>
    </message>
    <message>
        <source>Cloud sync…</source>
        <translation>云端同步…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>测试打印</translation>
    </message>
    <message>
        <source>The discount limit is a whole percentage, 0 to 100</source>
        <translation>折扣上限须为 0 到 100 的整数</translation>
    </message>
    <message>
        <source>Test receipt sent to {printer}</source>
        <translation>测试小票已发送到 {printer}</translation>
    </message>
    <message>
        <source>Import catalog</source>
        <translation>导入商品</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>ShiftActions</name>
    <message>
        <source>No open shift: selling needs one. Tap Shift or Pay to open it with the float.</source>
        <translation>未开班：收款前请先开班。点“班次”或“收款”输入备用金开班。</translation>
    </message>
    <message>
        <source>Selling needs an open shift.</source>
        <translation>收款前请先开班。</translation>
    </message>
    <message>
        <source>Shift opened with a float of {amount}</source>
        <translation>已开班，备用金 {amount}</translation>
    </message>
    <message>
        <source>No open shift: selling needs one. Count the drawer and open a shift to take money.</source>
        <translation>未开班，不能收款。请清点钱箱并开班。</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Please wait: the order is being saved.</source>
        <translation>请稍候，正在保存订单。</translation>
    </message>
    <message>
        <source>Paid in {amount}: {reason}</source>
        <translation>已存入现金 {amount}：{reason}</translation>
    </message>
    <message>
        <source>Paid out {amount}: {reason}</source>
        <translation>已取出现金 {amount}：{reason}</translation>
    </message>
    <message>
        <source>The shift is closed</source>
        <translation>已交班</translation>
    </message>
    <message>
        <source>The shift is closed. To sell again, open the next shift.</source>
        <translation>已交班。继续收款请先开下一班。</translation>
    </message>
</context>
<context>
    <name>ShiftCloseDialog</name>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Count the drawer: pieces of each note and coin</source>
        <translation>清点钱箱：逐项输入各面额的张数或枚数</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <source>Blind close: count what is in the drawer; the manager sees the result</source>
        <translation>盲交班：请如实清点钱箱，结果由店长查看</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应有</translation>
    </message>
    <message>
        <source>{yuan} yuan</source>
        <translation>{yuan} 元</translation>
    </message>
    <message>
        <source>{jiao} jiao</source>
        <translation>{jiao} 角</translation>
    </message>
    <message>
        <source>Close the shift with {counted} counted? The count cannot be changed afterwards.</source>
        <translation>按实点 {counted} 交班？交班后不能修改。</translation>
    </message>
    <message>
        <source>Keep counting</source>
        <translation>继续清点</translation>
    </message>
</context>
<context>
    <name>ShiftMenuDialog</name>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>No shift is open on this till. Selling needs an open shift.</source>
        <translation>本机当前未开班，开班后才能收款。</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Cash in / out</source>
        <translation>存入/取出现金</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Opened at</source>
        <translation>开班时间</translation>
    </message>
    <message>
        <source>Opened by</source>
        <translation>开班人</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <source>Paid in</source>
        <translation>存入</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>取出</translation>
    </message>
    <message>
        <source>Expected in the drawer</source>
        <translation>钱箱应有现金</translation>
    </message>
    <message>
        <source>not shown (blind close)</source>
        <translation>不显示（盲交班）</translation>
    </message>
</context>
<context>
    <name>ShiftOpenDialog</name>
    <message>
        <source>{name}: count the cash in the drawer and enter it as the float of your shift</source>
        <translation>{name}：请清点钱箱现金，输入本班备用金</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Type the cash in the drawer (0 if it is empty)</source>
        <translation>请输入钱箱现金（空钱箱输入 0）</translation>
    </message>
</context>
<context>
    <name>ShiftResult</name>
    <message>
        <source>Over</source>
        <translation>长款</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>短款</translation>
    </message>
    <message>
        <source>Over / short</source>
        <translation>长短款</translation>
    </message>
    <message>
        <source>Even</source>
        <translation>平</translation>
    </message>
</context>
<context>
    <name>ShiftResultWidget</name>
    <message>
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应有</translation>
    </message>
    <message>
        <source>The shift is closed</source>
        <translation>已交班</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Cloud sync</source>
        <translation>云端同步</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>待上传</translation>
    </message>
    <message>
        <source>Last successful sync</source>
        <translation>上次同步成功</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <source>Tamper-evident journal</source>
        <translation>防篡改日志</translation>
    </message>
    <message>
        <source>Refused by the cloud (kept on this till)</source>
        <translation>被云端拒收的记录（保留在本机）</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Not paired: this till works on its own</source>
        <translation>未绑定云端：本机单机运行</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline: {reason}</source>
        <translation>离线：{reason}</translation>
    </message>
    <message>
        <source>{count} records</source>
        <translation>{count} 条</translation>
    </message>
    <message>
        <source>This till&apos;s clock is {seconds} s off the cloud&apos;s: set the time</source>
        <translation>本机时钟与云端相差 {seconds} 秒，请校准时间</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>{count} entries waiting to be sent</source>
        <translation>{count} 条待上传</translation>
    </message>
    <message>
        <source>Held by the cloud</source>
        <translation>云端已保存</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Sent {sent}, received {products} products and {cashiers} cashiers</source>
        <translation>已上传 {sent} 条，已下载 {products} 个商品、{cashiers} 个收银员</translation>
    </message>
</context>
<context>
    <name>TaxTableModel</name>
    <message>
        <source>Tax rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>Sales incl. tax</source>
        <translation>含税销售额</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税额</translation>
    </message>
</context>
<context>
    <name>TenderChartView</name>
    <message>
        <source>Tender mix</source>
        <translation>支付方式占比</translation>
    </message>
    <message>
        <source>No sales yet</source>
        <translation>暂无销售</translation>
    </message>
</context>
<context>
    <name>TenderDialog</name>
    <message>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Scan to pay</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>{what} will be cancelled and go back to the customer. Give it back?</source>
        <translation>{what} 将撤销，款项原路退回顾客。确定退回？</translation>
    </message>
    <message>
        <source>Give back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Keep paying</source>
        <translation>继续收款</translation>
    </message>
    <message>
        <source>The payment codes taken will be cancelled and the money returned to the customer; the bank card payment of {amount} must be voided on the card terminal. Close?</source>
        <translation>已收的扫码款项将撤销并原路退回顾客；已刷的银行卡 {amount} 需在刷卡终端上撤销交易。确定关闭？</translation>
    </message>
    <message>
        <source>The payment codes taken will be cancelled and the money returned to the customer. Close?</source>
        <translation>已收的扫码款项将撤销并原路退回顾客，确定关闭？</translation>
    </message>
    <message>
        <source>The bank card payment of {amount} must be voided on the card terminal. Close?</source>
        <translation>已刷的银行卡 {amount} 需在刷卡终端上撤销交易，确定关闭？</translation>
    </message>
    <message>
        <source>Close payment</source>
        <translation>关闭收款</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TenderDonePage</name>
    <message>
        <source>Payment received</source>
        <translation>收款成功</translation>
    </message>
    <message>
        <source>Change to give</source>
        <translation>应找零</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>下一位顾客</translation>
    </message>
    <message>
        <source>Order {number}   received {given}, due {total}</source>
        <translation>订单号 {number}   实收 {given}，应收 {total}</translation>
    </message>
    <message>
        <source>Order {number}   due {total}</source>
        <translation>订单号 {number}   应收 {total}</translation>
    </message>
    <message>
        <source>Cash {amount}</source>
        <translation>现金 {amount}</translation>
    </message>
</context>
<context>
    <name>TenderListWidget</name>
    <message>
        <source>Cancelling…</source>
        <translation>撤销中…</translation>
    </message>
    <message>
        <source>Give back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>TenderTableModel</name>
    <message>
        <source>Tender</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>笔数</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Given back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
</context>
<context>
    <name>TotalsWidget</name>
    <message>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应收</translation>
    </message>
</context>
</TS>
