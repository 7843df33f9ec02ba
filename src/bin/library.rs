//! The library page (`library.html`): the proposals stored on this device, the contracts and the
//! changes between versions, a page of its own so the configurator's first visit does not load
//! them.

fn main() {
    tailor::library();
}
