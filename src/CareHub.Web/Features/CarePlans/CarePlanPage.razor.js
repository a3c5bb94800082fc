// Text typed in a care-plan field is kept in this tab's sessionStorage until the server has it, so text typed just
// before the connection or the circuit was lost can be offered back when the page comes again. Only elements that
// carry data-draft-key are kept; the key is "{planId}:{itemId}:{field}" and data-draft-base is the item version the
// text was typed on (a restore saves from it, so it merges with whatever changed since). sessionStorage dies with
// the tab, so nothing outlives the person's session on this device.
// App.razor loads this module with every page, so typing is kept from the first keystroke, before the care-plan page
// has imported it over the circuit; the page's import gets the same module, and start() runs once.
const prefix = "carehub.draft.";
let listening = false;

export function start() {
    if (listening) {
        return;
    }
    document.addEventListener("input", remember, true);
    document.addEventListener("focusin", keepCaretOnServerChanges, true);
    listening = true;
}

// When the server puts new text into the field the person is in (someone else's words merged in), the browser would
// move the caret to the end and the next keystroke would land there. The caret stays where it was, moved only by the
// text inserted or removed before it.
const nativeValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value");

function keepCaretOnServerChanges(event) {
    const field = event.target;
    if (!(field instanceof HTMLTextAreaElement) || !field.dataset.draftKey || field.carehubKeepsCaret) {
        return;
    }
    field.carehubKeepsCaret = true;
    Object.defineProperty(field, "value", {
        configurable: true,
        get() {
            return nativeValue.get.call(this);
        },
        set(next) {
            const before = nativeValue.get.call(this);
            if (document.activeElement !== this || before === next) {
                nativeValue.set.call(this, next);
                return;
            }
            const start = this.selectionStart;
            const end = this.selectionEnd;
            nativeValue.set.call(this, next);
            this.setSelectionRange(caretAfter(before, next, start), caretAfter(before, next, end));
        },
    });
}

function caretAfter(before, next, at) {
    const most = Math.min(before.length, next.length);
    let same = 0;
    while (same < most && before[same] === next[same]) {
        same++;
    }
    let tail = 0;
    while (tail < most - same && before[before.length - 1 - tail] === next[next.length - 1 - tail]) {
        tail++;
    }
    if (at <= same) {
        return at;
    }
    if (at >= before.length - tail) {
        return at + next.length - before.length;
    }
    return next.length - tail;
}

function remember(event) {
    const field = event.target;
    const key = field && field.dataset ? field.dataset.draftKey : undefined;
    if (!key || typeof field.value !== "string") {
        return;
    }
    const base = Number.parseInt(field.dataset.draftBase ?? "0", 10);
    const draft = { text: field.value, base: Number.isFinite(base) ? base : 0, at: new Date().toISOString() };
    try {
        sessionStorage.setItem(prefix + key, JSON.stringify(draft));
    } catch {
        // Storage full or blocked: the server's copy is all there is.
    }
}

function read(key) {
    const raw = sessionStorage.getItem(prefix + key);
    if (raw === null) {
        return null;
    }
    try {
        const draft = JSON.parse(raw);
        return draft && typeof draft.text === "string" ? draft : undefined;
    } catch {
        return undefined;
    }
}

// Forgets the draft only if it is still the text that was saved: a keystroke made after the save stays kept.
export function clear(key, savedText) {
    const draft = read(key);
    if (draft === null) {
        return;
    }
    if (draft === undefined || draft.text === savedText) {
        sessionStorage.removeItem(prefix + key);
    }
}

export function list(planId) {
    const wanted = prefix + planId + ":";
    const drafts = [];
    for (let i = 0; i < sessionStorage.length; i++) {
        const name = sessionStorage.key(i);
        if (!name || !name.startsWith(wanted)) {
            continue;
        }
        const key = name.substring(prefix.length);
        const draft = read(key);
        if (draft) {
            drafts.push({ key: key, text: draft.text, base: Number(draft.base) || 0, at: draft.at || null });
        }
    }
    return drafts;
}

start();
