// Set up event handlers
const reconnectModal = document.getElementById("components-reconnect-modal");
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);

const retryButton = document.getElementById("components-reconnect-button");
retryButton.addEventListener("click", retry);

const resumeButton = document.getElementById("components-resume-button");
resumeButton.addEventListener("click", resume);

// Screens nobody touches (the huddle wall display on a TV) must come back by themselves after a network blip or a
// server restart: no modal over the board, a "Reconnecting" mark instead, and retries until the server answers.
const retryEveryMilliseconds = 5000;
let retryTimer = null;
let retrying = false;

function isWallDisplay() {
    return location.pathname.endsWith("/wall");
}

function handleReconnectStateChanged(event) {
    const state = event.detail.state;
    document.documentElement.dataset.connection = state === "hide" ? "live" : "reconnecting";
    if (state === "show") {
        if (!isWallDisplay()) {
            reconnectModal.showModal();
        }
    } else if (state === "hide") {
        stopRetrying();
        reconnectModal.close();
    } else if (state === "failed") {
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
        keepRetrying();
    } else if (state === "rejected") {
        // The server no longer knows this circuit (it restarted): start afresh.
        location.reload();
    }
}

// After Blazor gave up: try again every few seconds. retry() reloads the page once the server answers but the
// circuit is gone (a restart), and reconnects when it is still there (a long blip).
function keepRetrying() {
    if (retryTimer === null) {
        retryTimer = setInterval(retry, retryEveryMilliseconds);
    }
}

function stopRetrying() {
    if (retryTimer !== null) {
        clearInterval(retryTimer);
        retryTimer = null;
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    if (retrying) {
        return;
    }
    retrying = true;

    try {
        // Reconnect will asynchronously return:
        // - true to mean success
        // - false to mean we reached the server, but it rejected the connection (e.g., unknown circuit ID)
        // - exception to mean we didn't reach the server (this can be sync or async)
        const successful = await Blazor.reconnect();
        if (!successful) {
            // We have been able to reach the server, but the circuit is no longer available.
            // We'll reload the page so the user can continue using the app as quickly as possible.
            const resumeSuccessful = await Blazor.resumeCircuit();
            if (!resumeSuccessful) {
                location.reload();
            } else {
                stopRetrying();
                reconnectModal.close();
                document.documentElement.dataset.connection = "live";
            }
        } else {
            stopRetrying();
        }
    } catch (err) {
        // We got an exception, server is currently unavailable
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    } finally {
        retrying = false;
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) {
            location.reload();
        }
    } catch {
        reconnectModal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenDocumentBecomesVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
