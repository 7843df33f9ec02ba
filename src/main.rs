//! The configurator page (`index.html`): the app an account manager uses in front of a client.

fn main() {
    tailor::configurator();
}
