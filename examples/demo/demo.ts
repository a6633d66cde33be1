// The demo grows with each capability; see README.md.
console.log('scout-acr demo: nothing to show yet');
