// The webRequest listeners Gateway Guard registers (extension/background.js): event, filter and
// extraInfoSpec. tests/bench/browser.mjs records what the real extension registers and refuses to run when
// this table differs; `node tests/bench/browser.mjs --update-noop` rewrites it from the recording.
export const LISTENERS = [
  {
    "event": "onBeforeRedirect",
    "filter": {
      "types": [
        "main_frame",
        "xmlhttprequest"
      ],
      "urls": [
        "http://*/*",
        "https://*/*"
      ]
    },
    "extraInfoSpec": []
  },
  {
    "event": "onBeforeRequest",
    "filter": {
      "types": [
        "main_frame",
        "xmlhttprequest"
      ],
      "urls": [
        "http://*/*",
        "https://*/*"
      ]
    },
    "extraInfoSpec": [
      "requestBody"
    ]
  },
  {
    "event": "onCompleted",
    "filter": {
      "types": [
        "main_frame",
        "xmlhttprequest"
      ],
      "urls": [
        "http://*/*",
        "https://*/*"
      ]
    },
    "extraInfoSpec": []
  },
  {
    "event": "onErrorOccurred",
    "filter": {
      "types": [
        "main_frame",
        "xmlhttprequest"
      ],
      "urls": [
        "http://*/*",
        "https://*/*"
      ]
    },
    "extraInfoSpec": []
  },
  {
    "event": "onErrorOccurred",
    "filter": {
      "types": [
        "main_frame"
      ],
      "urls": [
        "<all_urls>"
      ]
    },
    "extraInfoSpec": []
  },
  {
    "event": "onResponseStarted",
    "filter": {
      "types": [
        "main_frame",
        "sub_frame"
      ],
      "urls": [
        "<all_urls>"
      ]
    },
    "extraInfoSpec": [
      "responseHeaders"
    ]
  }
];
