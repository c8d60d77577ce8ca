/**
 * Image data sets held as uint8 NCHW pixels ({@link org.scanstream.core.data.ImageDataset}) with
 * optional labels used only for evaluation.
 *
 * <p>Sources: Fashion-MNIST IDX files ({@link org.scanstream.core.data.FashionMnist} over
 * {@link org.scanstream.core.data.IdxReader}) and folders of PNG/JPEG images
 * ({@link org.scanstream.core.data.ImageFolderReader}). {@link org.scanstream.core.data.ImageDecoder}
 * turns one encoded image into pixels of a fixed shape, for the folder reader and for streaming jobs
 * alike. Bad input raises {@link org.scanstream.core.data.InvalidImageDataException}, missing input
 * {@link org.scanstream.core.data.DatasetNotFoundException}; both have one-line messages naming the
 * file.
 */
package org.scanstream.core.data;
