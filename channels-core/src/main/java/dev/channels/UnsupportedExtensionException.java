package dev.channels;

/**
 * A layer was asked for an optional part of the specification ({@link Extension}) that its backend
 * does not provide; {@link ChannelLayer#extensions()} lists the parts it does. Thrown at once, as a
 * programming error is: whether a backend has an extension never changes while it runs.
 */
public class UnsupportedExtensionException extends ChannelLayerException {

  private final Extension extension;

  /**
   * Creates the exception for {@code operation} of {@code layer}, which needs {@code extension}.
   */
  public UnsupportedExtensionException(Object layer, Extension extension, String operation) {
    super(
        ("%s does not provide %s, which %s needs. Use a backend that lists it in extensions()"
                + " (in-memory and redis do), or check layer.extensions().contains(Extension.%s)"
                + " before calling it.")
            .formatted(layer, extension, operation, extension));
    this.extension = extension;
  }

  /** The extension the layer lacks. */
  public Extension extension() {
    return extension;
  }
}
