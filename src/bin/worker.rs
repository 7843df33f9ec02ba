//! The signing worker the configurator starts on first use (`worker_loader.js`; `src/worker.rs`): signing
//! a proposal statement, the TMF648 export.

fn main() {
    tailor::worker();
}
