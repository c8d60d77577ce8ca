/**
 * Image data sets: Fashion-MNIST IDX files and folders of PNG/JPEG images, held as uint8 NCHW
 * pixels with optional labels used only for evaluation.
 */
package org.scanstream.core.data;
