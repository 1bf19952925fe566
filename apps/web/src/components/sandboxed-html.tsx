/**
 * Untrusted HTML (an organizer's detailed results) in a frame with an empty sandbox: no scripts, a unique opaque
 * origin, so it can neither run code nor reach our origin, cookies or token.
 */
export function SandboxedHtml({ html, title, height = 480 }: { html: string; title: string; height?: number }) {
  return (
    <iframe
      className="sandboxed"
      title={title}
      sandbox=""
      referrerPolicy="no-referrer"
      srcDoc={html}
      style={{ height }}
    />
  );
}
