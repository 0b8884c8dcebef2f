<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <source>Nestbox, the family photo album</source>
        <translation>Nestbox 家庭相册</translation>
    </message>
    <message>
        <source>Fill in the server address and connect to it at start.</source>
        <translation>启动时填入服务器地址并连接。</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Save a PNG picture of the main window once it is shown (and connected, with --server), then quit.</source>
        <translation>主窗口显示后（如指定了 --server，则在连接结束后）将其保存为 PNG 图片，然后退出。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>nestbox::MainWindow</name>
    <message>
        <source>Nestbox</source>
        <translation>Nestbox</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Nestbox</source>
        <translation>关于 Nestbox(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>About Nestbox</source>
        <translation>关于 Nestbox</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Nestbox %1&lt;/h3&gt;&lt;p&gt;A private photo album for your family, kept on a computer you own.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Nestbox %1&lt;/h3&gt;&lt;p&gt;专属于您家人的私人相册，保存在您自己的电脑上。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>nestbox::ServerProbe</name>
    <message>
        <source>Type the address of your Nestbox server.</source>
        <translation>请输入您的 Nestbox 服务器地址。</translation>
    </message>
    <message>
        <source>“%1” is not a server address. Type something like http://nestbox.local:8080.</source>
        <translation>“%1”不是有效的服务器地址。请输入类似 http://nestbox.local:8080 的地址。</translation>
    </message>
    <message>
        <source>The server at %1 answered, but it is not a Nestbox server. Check the address and the port.</source>
        <translation>%1 上的服务器有响应，但它不是 Nestbox 服务器。请检查地址和端口。</translation>
    </message>
    <message>
        <source>Cannot find the server “%1”. Check the address for typing mistakes.</source>
        <translation>找不到服务器“%1”。请检查地址是否输入有误。</translation>
    </message>
    <message numerus="yes">
        <source>The server at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>%1 上的服务器在 %n 秒内没有响应。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open a secure connection to %1: %2</source>
        <translation>无法与 %1 建立安全连接：%2</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check that it is running and that this computer can reach it.</source>
        <translation>无法连接到 %1 上的服务器。请确认服务器正在运行，并且这台电脑可以访问它。</translation>
    </message>
    <message>
        <source>The Nestbox server at %1 has a problem: %2. Try again in a moment.</source>
        <translation>%1 上的 Nestbox 服务器出现问题：%2。请稍后再试。</translation>
    </message>
    <message>
        <source>The server at %1 answered with error %2. Try again in a moment.</source>
        <translation>%1 上的服务器返回了错误 %2。请稍后再试。</translation>
    </message>
    <message>
        <source>“%1” speaks version %2 of the Nestbox protocol, but this app speaks version %3. Update the app or the server.</source>
        <translation>“%1”使用第 %2 版 Nestbox 协议，而本应用使用第 %3 版。请更新应用或服务器。</translation>
    </message>
</context>
<context>
    <name>nestbox::WelcomePage</name>
    <message>
        <source>Welcome to Nestbox</source>
        <translation>欢迎使用 Nestbox</translation>
    </message>
    <message>
        <source>Your family album is on its way. Until it arrives, you can check that this computer reaches your Nestbox server.</source>
        <translation>您的家庭相册即将到来。在此之前，您可以先检查这台电脑能否连接到您的 Nestbox 服务器。</translation>
    </message>
    <message>
        <source>for example http://nestbox.local:8080</source>
        <translation>例如 http://nestbox.local:8080</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Connected to “%1”, a Nestbox server, version %2. Signing in comes with the full album.</source>
        <translation>已连接到 Nestbox 服务器“%1”，版本 %2。登录功能将随完整相册一同推出。</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>服务器地址(&amp;A)</translation>
    </message>
</context>
</TS>
