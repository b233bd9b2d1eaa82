// The timeout warning (GOV.UK's pattern): two minutes before a signed-in session would end
// for want of use, a modal dialog offers to stay signed in. It first asks the server how
// long is really left (work in another tab counts). "Stay signed in" (or Escape) keeps the
// session; at the end the page signs out and says why. Without JavaScript nothing shows,
// and the server ends the session all the same.
const dialog = document.getElementById("timeout-warning");

function duration(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

// What a screen reader hears, at most once a minute, then every 15 seconds.
function spoken(seconds) {
  return duration(seconds >= 60 ? seconds : Math.max(15, Math.ceil(seconds / 15) * 15));
}

function start() {
  const warnSeconds = Number(dialog.dataset.warnSeconds);
  const statusUrl = dialog.dataset.statusUrl;
  const signedOutUrl = dialog.dataset.signedOutUrl;
  const stayForm = dialog.querySelector(".fh-timeout-stay");
  const signOutForm = dialog.querySelector(".fh-timeout-sign-out");
  const token = stayForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  let deadline = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let renewable = true;
  let timer = null;
  let ticker = null;
  let returnFocus = null;
  let lastSpoken = "";

  const secondsLeft = () => Math.max(0, Math.round((deadline - Date.now()) / 1000));

  async function ask(method) {
    const headers = { Accept: "application/json" };
    if (method === "POST") headers["X-CSRFToken"] = token;
    const response = await fetch(statusUrl, { method, headers, credentials: "same-origin" });
    if (response.status === 401) return { signed_in: false };
    if (!response.ok) throw new Error(`The session check answered ${response.status}`);
    return response.json();
  }

  function learn(state) {
    deadline = Date.now() + state.seconds_left * 1000;
    renewable = state.renewable;
  }

  function signOut() {
    clearInterval(ticker);
    clearTimeout(timer);
    const after = renewable ? "idle" : "absolute";
    signOutForm.querySelector("input[name=next]").value = `${signedOutUrl}?after=${after}`;
    signOutForm.submit();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, deadline - Date.now() - warnSeconds * 1000));
  }

  function tick() {
    const left = secondsLeft();
    for (const element of dialog.querySelectorAll(".fh-timeout-countdown")) {
      element.textContent = duration(left);
    }
    const words = spoken(left);
    if (words !== lastSpoken) {
      lastSpoken = words;
      for (const element of dialog.querySelectorAll(".fh-timeout-spoken")) {
        element.textContent = words;
      }
    }
    if (left <= 0) signOut();
  }

  function show() {
    dialog.querySelector(".fh-timeout-renewable").hidden = !renewable;
    dialog.querySelector(".fh-timeout-final").hidden = renewable;
    stayForm.hidden = !renewable;
    returnFocus = document.activeElement;
    lastSpoken = "";
    tick();
    dialog.showModal();
    dialog.focus();
    ticker = setInterval(tick, 1000);
  }

  function close() {
    clearInterval(ticker);
    if (dialog.open) dialog.close();
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
    if (renewable) {
      schedule();
    } else {
      timer = setTimeout(signOut, deadline - Date.now());
    }
  }

  async function check() {
    try {
      const state = await ask("GET");
      if (!state.signed_in) {
        signOut();
        return;
      }
      learn(state);
    } catch {
      // No answer: go by the page's own clock.
    }
    if (secondsLeft() > warnSeconds + 1) {
      schedule();
    } else {
      show();
    }
  }

  stayForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const state = await ask("POST");
      if (!state.signed_in) {
        signOut();
        return;
      }
      learn(state);
    } catch {
      stayForm.submit(); // the plain form does the same, with a page load
      return;
    }
    close();
  });

  // Escape: stay signed in, as the pattern asks (or just close the last warning).
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (renewable) {
      stayForm.requestSubmit();
    } else {
      close();
    }
  });

  schedule();
}

if (dialog && typeof dialog.showModal === "function") start();
