//! Sets `cfg(rodio_output)` where cues may play through rodio's output (cpal): on macOS and
//! Windows always, on Linux only with the `alsa` feature. Without it, the Linux build links no
//! C audio library and needs no system headers.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(rodio_output)");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let alsa = std::env::var_os("CARGO_FEATURE_ALSA").is_some();
    if !linux || alsa {
        println!("cargo::rustc-cfg=rodio_output");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
