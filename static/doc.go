// Package static embeds the console's front-end assets (css/, js/, img/) and
// serves them under content-hash URLs with immutable caching. Views link to
// assets through Path; the web server mounts Handler at "/static/". It
// imports the standard library only.
//
// The JSON policy editor bundle js/editor.js is built from js/src with
// "npm run build:editor" at the repository root and committed; styleguide.html
// shows the markup of every component and is not served.
package static
