//! Scanning a QR code with the camera, where the browser reads barcodes itself
//! (`window.BarcodeDetector` with `qr_code`): the camera's video (`getUserMedia`) and the
//! detector on its frames, reached through JavaScript reflection (web-sys has no stable bindings
//! for the detector). Nothing is loaded where the browser has no detector: the seller types or
//! pastes the link's text instead.

use js_sys::{Array, Function, Object, Promise, Reflect};
use tailor_core::text::Text;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(target, name)
        .ok_or_else(|| JsValue::from_str(name))?
        .dyn_into()?;
    f.apply(target, &args.iter().copied().collect::<Array>())
}

async fn settle(v: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(Promise::resolve(&v)).await
}

fn window() -> Option<JsValue> {
    web_sys::window().map(JsValue::from)
}

fn detector_class() -> Option<JsValue> {
    window().and_then(|w| get(&w, "BarcodeDetector"))
}

/// Whether this browser reads QR codes (`BarcodeDetector` supports `qr_code`).
pub async fn reads_qr() -> bool {
    let Some(class) = detector_class() else {
        return false;
    };
    let Ok(formats) = call(&class, "getSupportedFormats", &[]) else {
        return false;
    };
    match settle(formats).await {
        Ok(list) => Array::from(&list).includes(&JsValue::from_str("qr_code"), 0),
        Err(_) => false,
    }
}

/// The camera streaming into a video element, and a QR detector (handles: a clone is the same).
#[derive(Clone)]
pub struct Scanner {
    stream: JsValue,
    detector: JsValue,
}

fn refused(detail: &str) -> Text {
    Text::new(
        format!("无法使用摄像头（{detail}）：请允许使用摄像头，或粘贴链接文本"),
        format!("The camera cannot be used ({detail}): allow the camera, or paste the link's text"),
    )
}

fn name_of(e: &JsValue) -> String {
    get(e, "name")
        .and_then(|n| n.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "?".into())
}

impl Scanner {
    /// Starts the back camera into `video` and makes the detector.
    pub async fn start(video: &web_sys::HtmlElement) -> Result<Scanner, Text> {
        let class: Function = detector_class()
            .and_then(|c| c.dyn_into().ok())
            .ok_or_else(|| refused("BarcodeDetector"))?;
        let options = Object::new();
        let formats = Array::of1(&JsValue::from_str("qr_code"));
        let _ = Reflect::set(&options, &"formats".into(), &formats);
        let detector =
            Reflect::construct(&class, &Array::of1(&options)).map_err(|e| refused(&name_of(&e)))?;
        let devices = web_sys::window()
            .map(|w| JsValue::from(w.navigator()))
            .and_then(|n| get(&n, "mediaDevices"))
            .ok_or_else(|| refused("mediaDevices"))?;
        let constraints = Object::new();
        let video_wanted = Object::new();
        let _ = Reflect::set(&video_wanted, &"facingMode".into(), &"environment".into());
        let _ = Reflect::set(&constraints, &"video".into(), &video_wanted);
        let _ = Reflect::set(&constraints, &"audio".into(), &JsValue::FALSE);
        let asked = call(&devices, "getUserMedia", &[&constraints.into()])
            .map_err(|e| refused(&name_of(&e)))?;
        let stream = settle(asked).await.map_err(|e| refused(&name_of(&e)))?;
        let _ = Reflect::set(video, &"srcObject".into(), &stream);
        if let Ok(p) = call(video, "play", &[]) {
            // Autoplay of a muted inline video is allowed; a refusal only delays the first frame.
            let _ = settle(p).await;
        }
        Ok(Scanner { stream, detector })
    }

    /// The text of a QR code seen in the video's current frame, if any.
    pub async fn detect(&self, video: &web_sys::HtmlElement) -> Option<String> {
        let found = call(&self.detector, "detect", &[video]).ok()?;
        let codes = Array::from(&settle(found).await.ok()?);
        codes
            .iter()
            .find_map(|c| get(&c, "rawValue").and_then(|v| v.as_string()))
    }

    /// Stops the camera (its light goes off).
    pub fn stop(&self) {
        if let Ok(tracks) = call(&self.stream, "getTracks", &[]) {
            for t in Array::from(&tracks).iter() {
                let _ = call(&t, "stop", &[]);
            }
        }
    }
}
