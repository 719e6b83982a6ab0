//! Web-size versions of a kit's images, and the cache that keeps rebuilds fast.
//!
//! Journalists get the original file untouched (its checksum is the photographer's) and a
//! web version whose longest side is [`WEB_SIZE`]; the kit page shows thumbnails of
//! [`THUMB_SIZE`]. Derivatives are upright: the EXIF orientation a camera writes instead of
//! rotating pixels is applied, since many web tools ignore the tag and the derivative
//! carries no EXIF. Images with transparency stay PNG; the rest become JPEG.
//!
//! Decoding and resizing a 12-megapixel photo costs far more than the rest of a build, so
//! each derivative is stored in `.herald-cache/media/` under the SHA-256 of the source
//! bytes and every parameter that shapes the result ([`Params::cache_key`]). A changed
//! photo or parameter gets a new key; nothing is ever invalidated by time. The cache is
//! not output: deleting it only makes the next build slower. It is the one thing render
//! writes to disk (ARCHITECTURE.md, invariants).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

/// Longest side of the web version, in pixels.
pub const WEB_SIZE: u32 = 1600;
/// Longest side of the thumbnails on the kit page, in pixels.
pub const THUMB_SIZE: u32 = 400;
/// JPEG quality of derivatives: small files, no visible loss at these sizes.
pub const JPEG_QUALITY: u8 = 82;
/// The cache folder, at the site root.
pub const CACHE_DIR: &str = ".herald-cache";

/// Make the cache folder `dir` if it is not there, with a `.gitignore` of `*` and a
/// `CACHEDIR.TAG`: git and backup tools leave it out whatever the site's own ignore files
/// say (a build rewrites `last-build.clock` in it every time). Each marker is written only
/// if missing.
pub fn make_cache_dir(dir: &Path) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let markers: [(&str, &[u8]); 2] = [
        (
            ".gitignore",
            b"# herald's cache: safe to delete, never to commit.\n*\n",
        ),
        (
            "CACHEDIR.TAG",
            b"Signature: 8a477f597d28d172789f06886806bc55\n\
              # This file is a cache directory tag created by herald.\n\
              # For information about cache directory tags see https://bford.info/cachedir/\n",
        ),
    ];
    for (name, text) in markers {
        match std::fs::File::create_new(dir.join(name)) {
            Ok(mut file) => file.write_all(text)?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Bump when the derivative code changes its output, so old cache entries are not reused.
const ALGORITHM_VERSION: u32 = 1;

/// The formats herald reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
}

impl Format {
    /// The format's usual name (`JPEG`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
        }
    }
}

/// What an image's header says, read without decoding its pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// The file's format.
    pub format: Format,
    /// Width as displayed (after the EXIF orientation).
    pub width: u32,
    /// Height as displayed.
    pub height: u32,
    /// The EXIF orientation tag (1 = upright), as stored.
    pub orientation: u8,
    /// The image has an alpha channel.
    pub alpha: bool,
}

impl ImageInfo {
    /// The extension of its derivatives: PNG keeps transparency, JPEG is smaller otherwise.
    pub fn derived_ext(&self) -> &'static str {
        if self.alpha { "png" } else { "jpg" }
    }
}

/// The derivative file name of `file` (its extension replaced).
pub fn derived_name(file: &str, info: &ImageInfo) -> String {
    let stem = match file.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() && !s.ends_with('/') => s,
        _ => file,
    };
    format!("{stem}.{}", info.derived_ext())
}

/// Read an image's header: format, displayed size, orientation. Errors say why in words.
pub fn probe(bytes: &[u8]) -> Result<ImageInfo, String> {
    let (decoder, format) = decoder(bytes)?;
    info_of(decoder, format).map(|(info, _)| info)
}

fn decoder(bytes: &[u8]) -> Result<(impl ImageDecoder + '_, Format), String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = match reader.format() {
        Some(ImageFormat::Jpeg) => Format::Jpeg,
        Some(ImageFormat::Png) => Format::Png,
        Some(ImageFormat::WebP) => Format::Webp,
        Some(other) => {
            return Err(format!(
                "it is {other:?}, and herald reads JPEG, PNG and WebP"
            ));
        }
        None => return Err("its content is not JPEG, PNG or WebP".into()),
    };
    let decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    Ok((decoder, format))
}

fn info_of<D: ImageDecoder>(mut decoder: D, format: Format) -> Result<(ImageInfo, D), String> {
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err("it has no pixels".into());
    }
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let exif = orientation_tag(orientation);
    // Tags 5 to 8 turn the picture a quarter: displayed width is the stored height.
    let (width, height) = if exif >= 5 { (h, w) } else { (w, h) };
    let alpha = decoder.color_type().has_alpha();
    Ok((
        ImageInfo {
            format,
            width,
            height,
            orientation: exif,
            alpha,
        },
        decoder,
    ))
}

fn orientation_tag(o: image::metadata::Orientation) -> u8 {
    use image::metadata::Orientation as O;
    match o {
        O::NoTransforms => 1,
        O::FlipHorizontal => 2,
        O::Rotate180 => 3,
        O::FlipVertical => 4,
        O::Rotate90FlipH => 5,
        O::Rotate90 => 6,
        O::Rotate270FlipH => 7,
        O::Rotate270 => 8,
    }
}

/// Everything that shapes a derivative's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// Longest side, in pixels (smaller images keep their size).
    pub max: u32,
}

impl Params {
    /// Cache key: SHA-256 over the source's hash and every parameter.
    pub fn cache_key(&self, source_sha256: &str, info: &ImageInfo) -> String {
        super::sha256_hex(
            format!(
                "herald-derivative v{ALGORITHM_VERSION}\nsource {source_sha256}\nmax {}\nquality {JPEG_QUALITY}\nfilter lanczos3\next {}\n",
                self.max,
                info.derived_ext()
            )
            .as_bytes(),
        )
    }

    /// The derivative's size for an image of `info`'s displayed size.
    pub fn size_for(&self, info: &ImageInfo) -> (u32, u32) {
        fit(info.width, info.height, self.max)
    }
}

/// Scale (w, h) so the longest side is at most `max`, keeping the ratio (rounded).
pub fn fit(w: u32, h: u32, max: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= max {
        return (w, h);
    }
    let scale = |x: u32| {
        ((u64::from(x) * u64::from(max) + u64::from(long) / 2) / u64::from(long)).max(1) as u32
    };
    if w >= h {
        (max, scale(h))
    } else {
        (scale(w), max)
    }
}

/// A derivative: its bytes and pixel size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivative {
    /// Encoded bytes (JPEG or PNG).
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// True if it came from the cache.
    pub cached: bool,
}

/// The derivative cache of a site.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache of the site at `root`.
    pub fn new(root: &Path) -> Cache {
        Cache {
            dir: root.join(CACHE_DIR).join("media"),
        }
    }

    fn path(&self, key: &str, ext: &str) -> PathBuf {
        self.dir.join(format!("{key}.{ext}"))
    }

    /// A cached derivative, if present and of the expected size (anything else, from a
    /// crash or a hand edit, is made again).
    fn get(&self, key: &str, ext: &str, size: (u32, u32)) -> Option<Vec<u8>> {
        let bytes = std::fs::read(self.path(key, ext)).ok()?;
        let info = probe(&bytes).ok()?;
        ((info.width, info.height) == size).then_some(bytes)
    }

    /// Store a derivative. Failing to is not an error: the build has the bytes already,
    /// and the next build will try again.
    fn put(&self, key: &str, ext: &str, bytes: &[u8]) {
        if let Some(cache) = self.dir.parent() {
            let _ = make_cache_dir(cache);
        }
        let _ = std::fs::create_dir_all(&self.dir);
        // Write then rename, so a reader never sees half a file.
        let tmp = self
            .dir
            .join(format!(".{key}.{ext}.tmp-{}", std::process::id()));
        if std::fs::write(&tmp, bytes).is_ok()
            && std::fs::rename(&tmp, self.path(key, ext)).is_err()
        {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Derivatives of one image for each of `params`, from the cache or made (and cached).
pub fn derivatives(
    bytes: &[u8],
    sha256: &str,
    info: &ImageInfo,
    params: &[Params],
    cache: &Cache,
) -> Result<Vec<Derivative>, String> {
    let ext = info.derived_ext();
    let mut out: Vec<Option<Derivative>> = params
        .iter()
        .map(|p| {
            let size = p.size_for(info);
            cache
                .get(&p.cache_key(sha256, info), ext, size)
                .map(|bytes| Derivative {
                    bytes,
                    width: size.0,
                    height: size.1,
                    cached: true,
                })
        })
        .collect();
    if out.iter().any(Option::is_none) {
        let upright = decode_upright(bytes)?;
        for (slot, p) in out.iter_mut().zip(params) {
            if slot.is_none() {
                let (width, height) = p.size_for(info);
                let bytes = resize_encode(&upright, width, height, info.alpha)?;
                cache.put(&p.cache_key(sha256, info), ext, &bytes);
                *slot = Some(Derivative {
                    bytes,
                    width,
                    height,
                    cached: false,
                });
            }
        }
    }
    Ok(out.into_iter().flatten().collect())
}

/// Decode all pixels and turn them as the EXIF orientation says.
fn decode_upright(bytes: &[u8]) -> Result<DynamicImage, String> {
    let (mut decoder, _) = decoder(bytes)?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Resize with Lanczos3 (fast_image_resize: SIMD, ~15x faster than `image`'s) and encode.
fn resize_encode(
    img: &DynamicImage,
    width: u32,
    height: u32,
    alpha: bool,
) -> Result<Vec<u8>, String> {
    let (pixels, pixel_type, color) = if alpha {
        (
            img.to_rgba8().into_raw(),
            fr::PixelType::U8x4,
            image::ExtendedColorType::Rgba8,
        )
    } else {
        (
            img.to_rgb8().into_raw(),
            fr::PixelType::U8x3,
            image::ExtendedColorType::Rgb8,
        )
    };
    let resized = if (width, height) == (img.width(), img.height()) {
        pixels
    } else {
        let src = fr::images::ImageRef::new(img.width(), img.height(), &pixels, pixel_type)
            .map_err(|e| e.to_string())?;
        let mut dst = fr::images::Image::new(width, height, pixel_type);
        let options = fr::ResizeOptions::new()
            .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
        fr::Resizer::new()
            .resize(&src, &mut dst, &options)
            .map_err(|e| e.to_string())?;
        dst.into_vec()
    };
    let mut out = Vec::new();
    if alpha {
        image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(&resized, width, height, color)
        .map_err(|e| e.to_string())?;
    } else {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .encode(&resized, width, height, color)
            .map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_ratio_and_never_enlarges() {
        assert_eq!(fit(2400, 1350, 1600), (1600, 900));
        assert_eq!(fit(1500, 2000, 1600), (1200, 1600));
        assert_eq!(fit(800, 600, 1600), (800, 600));
        assert_eq!(fit(2400, 1, 400), (400, 1));
    }

    #[test]
    fn text_is_not_an_image() {
        assert!(probe(b"hello, I am text").is_err());
    }

    #[test]
    fn derived_names_replace_the_extension() {
        let info = ImageInfo {
            format: Format::Png,
            width: 1,
            height: 1,
            orientation: 1,
            alpha: true,
        };
        assert_eq!(derived_name("a/b.PNG", &info), "a/b.png");
        let jpeg = ImageInfo {
            alpha: false,
            ..info
        };
        assert_eq!(derived_name("photo.webp", &jpeg), "photo.jpg");
    }
}
