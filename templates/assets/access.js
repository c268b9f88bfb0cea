// Opens a page shared under an access grant. The page holds the document encrypted
// (AES-256-GCM); the key is in the link's fragment (#k=…), which browsers never send to a
// server. Per page, the AES key and nonce are derived from it with HKDF-SHA256 and the page's
// salt. No framework, nothing from another host.
(function () {
  "use strict";
  var holder = document.getElementById("gated");
  var status = document.getElementById("gated-status");
  var sealed = document.getElementById("gated-sealed");
  if (!holder || !status || !sealed) return;

  function fail(message) {
    status.textContent = message;
    status.className = "gated-status gated-error";
  }

  function bytes(text) {
    return new TextEncoder().encode(text);
  }

  function fromHex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var n = 0; n < out.length; n++) out[n] = parseInt(text.substr(n * 2, 2), 16);
    return out;
  }

  function fromBase64(text) {
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(binary.length);
    for (var n = 0; n < binary.length; n++) out[n] = binary.charCodeAt(n);
    return out;
  }

  var match = /(?:^#|&)k=([A-Za-z0-9_-]*)/.exec(window.location.hash);
  if (!match || match[1] === "") {
    fail("This page opens only with the key that comes with the link you were given (the part after #). " +
      "Open the whole link, or ask for a new one.");
    return;
  }
  var keyText = match[1];
  var key;
  try {
    key = keyText.length === 43 ? fromBase64(keyText) : null;
  } catch (error) {
    key = null;
  }
  if (!key || key.length !== 32) {
    fail("The key in this link is incomplete or damaged. Copy the whole link again, or ask for a new one.");
    return;
  }
  if (!window.crypto || !window.crypto.subtle) {
    fail("This browser cannot decrypt the page here: open the link over HTTPS.");
    return;
  }

  var subtle = window.crypto.subtle;
  var salt = fromHex(holder.getAttribute("data-salt") || "");
  var ciphertext = fromBase64(sealed.textContent.trim());

  subtle.importKey("raw", key, "HKDF", false, ["deriveBits"]).then(function (base) {
    function derive(info, bits) {
      return subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: salt, info: bytes(info) }, base, bits);
    }
    return Promise.all([derive("assure page key v1", 256), derive("assure page nonce v1", 96)]);
  }).then(function (derived) {
    return subtle.importKey("raw", derived[0], "AES-GCM", false, ["decrypt"]).then(function (aes) {
      return subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(derived[1]) }, aes, ciphertext);
    });
  }).then(function (plain) {
    var page = JSON.parse(new TextDecoder().decode(plain));
    var today = new Date();
    var stamp = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
      String(today.getDate()).padStart(2, "0");
    if (stamp > page.expires) {
      fail("This link expired on " + page.expires + ". Ask for a new one if you still need these documents.");
      return;
    }
    document.title = page.title + " · " + document.title.replace(/^[^·]*· /, "");
    var content = document.createElement("div");
    content.className = "gated-content";
    content.innerHTML = page.html;
    // Links to the grant's other pages carry the key along; links within the page scroll
    // without replacing the key in the address, so a reload still opens the page.
    var links = content.querySelectorAll("a[href]");
    for (var n = 0; n < links.length; n++) {
      var href = links[n].getAttribute("href");
      if (/^[0-9a-f]+\.html$/.test(href) || href === "index.html") {
        links[n].setAttribute("href", href + "#k=" + keyText);
      } else if (href.charAt(0) === "#" && href.length > 1) {
        links[n].addEventListener("click", function (event) {
          var target = document.getElementById(decodeURIComponent(this.getAttribute("href").slice(1)));
          if (!target) return;
          event.preventDefault();
          target.scrollIntoView();
        });
      }
    }
    holder.replaceChildren(content);
  }).catch(function () {
    fail("This key does not open this page: the link may have been replaced or is for another page. " +
      "Ask for a new link.");
  });
})();
