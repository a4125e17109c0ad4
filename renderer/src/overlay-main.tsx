// The OBS browser-source overlay (product card and deal countdown). Filled in by the cards feature.
const root = document.getElementById('root')!;
root.textContent = '';
