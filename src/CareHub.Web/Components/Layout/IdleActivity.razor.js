// Reports real activity in the page (keyboard, pointer, touch, wheel, scroll) to the circuit's IdleMonitor, at most
// once per interval. SignalR keep-alives and renders the server pushes never pass through here.
const kinds = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'];

export function start(monitor, intervalMs) {
    let last = 0;
    const report = () => {
        const now = Date.now();
        if (now - last < intervalMs) {
            return;
        }
        last = now;
        monitor.invokeMethodAsync('ReportActivity').catch(() => { /* the circuit is gone */ });
    };
    for (const kind of kinds) {
        document.addEventListener(kind, report, { passive: true, capture: true });
    }
    return {
        stop: () => {
            for (const kind of kinds) {
                document.removeEventListener(kind, report, { capture: true });
            }
        },
    };
}
