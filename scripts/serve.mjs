// npm start: the demo on the reference server. server/index.mjs serves the
// demo page (/), the built bundle (/dist/) and the REST API (/api) over a
// SQLite file in .data/, and prints the address. PORT and DATA_DIR choose.
import '../server/index.mjs';
